"""The ``cardfollow`` command line: ``main`` is the entry point, one module per command group."""
