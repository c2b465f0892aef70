"""What a positions repository's CI runs: ``validate`` (everything the loader checks, and what
only the solver can see), ``test`` (the pinned ``expect:`` outcomes), ``diff`` (what a change
does to every verdict and to each position) and the git revisions ``diff`` reads."""
