"""Everything the site holds about a member, for them to read and keep: the "Mes données"
page, the archive of all of it (JSON and readable pages in one ZIP), and the worker's job
that builds the archive of a large account."""
