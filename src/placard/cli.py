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

from . import __version__, argparse_i18n, i18n
from .i18n import _

#: Command modules under placard.commands, in the order ``--help`` lists them.
COMMANDS = (
    "init",
    "check",
    "build",
    "serve",
    "edit",
    "fill",
    "ledger",
    "patrols",
    "posters",
    "print_order",
    "scans",
    "template",
    "binder",
    "summary",
    "review",
)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", argparse_i18n.HelpFormatter)  # wraps Chinese help texts
        super().__init__(*args, **kwargs)

    def error(self, message):  # usage errors: exit 2 with the usage line
        self.print_usage(sys.stderr)
        self.exit(2, _("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": message})


def build_parser() -> argparse.ArgumentParser:
    argparse_i18n.install()
    parser = _Parser(
        prog="placard",
        description=_(
            "Build publicity campaigns (slogans, civility guides, public-benefit ads, "
            "placement lists) into a website and print-ready posters, and check them first."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"placard {__version__}",
        help=_("show placard's version number and exit"),
    )
    parser.add_argument(
        "--lang",
        metavar="LANG",
        help=_(
            "language of placard's messages: zh-Hans (default), zh-Hant or en (also PLACARD_LANG)"
        ),
    )
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser, title=_("commands")
    )
    sub.required = True
    for name in COMMANDS:
        module = importlib.import_module(f"placard.commands.{name}")
        p = module.add_parser(sub)
        p.set_defaults(_run=module.run)
    return parser


def _choose_language(argv: list[str]) -> int | None:
    """Apply ``--lang`` before any help text is made; 2 (with the list) for a language placard lacks."""
    wanted = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            wanted = argv[i + 1]
        elif arg.startswith("--lang="):
            wanted = arg.split("=", 1)[1]
    if wanted is None:
        env = os.environ.get("PLACARD_LANG")
        if env and i18n.normalise(env) is None:
            wanted = env
    if wanted is not None and i18n.normalise(wanted) is None:
        i18n.set_language(None if i18n.normalise(os.environ.get("PLACARD_LANG")) else i18n.DEFAULT)
        names = ", ".join(i18n.tag(lang) for lang in i18n.LANGUAGES)
        print(
            _("placard: unknown language '{lang}'; placard speaks: {names}").format(
                lang=wanted, names=names
            ),
            file=sys.stderr,
        )
        return 2
    i18n.set_language(wanted)
    return None


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    argv = sys.argv[1:] if argv is None else list(argv)
    bad = _choose_language(argv)
    if bad is not None:
        return bad
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except KeyboardInterrupt:
        print(_("placard: interrupted"), file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
