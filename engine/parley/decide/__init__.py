"""The decision core: typed facts in, statuses, verdicts and minimal whys out.

``checker`` keeps a workspace ready to decide; ``decider`` answers entailed / refuted / open
for one proposal, fast path first (``propagate``, ``search``, on the workspace's ``index``)
and the solver for the rest; ``check`` turns those answers into party and proposal verdicts.
"""
