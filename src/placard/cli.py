"""The ``placard`` command: thin argument parsing around the engine.

Each command lives in ``placard/commands/<name>.py`` with ``add_parser`` and
``run``. Exit codes: 0 clean, 1 problems in the campaign (a readable report),
2 usage errors.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from . import __version__

#: Command modules under placard.commands, in the order ``--help`` lists them.
COMMANDS = (
    "init",
    "check",
    "build",
    "serve",
    "fill",
    "ledger",
    "patrols",
    "posters",
    "print_order",
    "scans",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: exit 2 with the usage line
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="placard",
        description="Build publicity campaigns (slogans, civility guides, public-benefit ads, "
        "placement lists) into a website and print-ready posters, and check them first.",
    )
    parser.add_argument("--version", action="version", version=f"placard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMANDS:
        module = importlib.import_module(f"placard.commands.{name}")
        p = module.add_parser(sub)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except KeyboardInterrupt:
        print("placard: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
