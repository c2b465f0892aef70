"""Result models: plain, frozen, versioned data that every command returns and every view shows.

One module per family: ``check`` (items, parties, proposals), ``analysis`` (conflicts,
concessions, suggest, explain), ``matrix``, ``diff``, ``validate``, ``expectations`` (the
``parley test`` report), ``dossier`` (what the HTML report shows) and ``findings`` (the one
shape the CI formats render). ``location`` is how they hold a place in a file (a ``Span``,
``file:line:col`` in JSON); ``display`` gives them their notebook views without importing
any: the views live in ``parley.output``, which imports these models, never the reverse.
"""
