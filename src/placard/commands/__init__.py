"""One module per ``placard`` command: ``add_parser(subparsers)`` and ``run(args) -> int``."""
