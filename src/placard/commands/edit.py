"""placard edit: the browser editor (Decap CMS, shipped inside placard) at http://127.0.0.1:PORT/admin/."""

from __future__ import annotations

import secrets
import signal
import sys
import threading
from pathlib import Path

from ..i18n import _
from .common import add_dir, fail

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def add_parser(sub):
    p = sub.add_parser(
        "edit",
        help=_("edit slogans, guides, ads, placement lists and patrol records in the browser"),
        description=_(
            "Open forms for the campaign's slogans, civility guides, public-benefit ads, placement lists and "
            "patrol records at http://127.0.0.1:8010/admin/. The forms follow placard's own rules; every save "
            "is checked first, and a save with errors is held (not written) with its findings shown. "
            "`placard serve` offers the same editor at /admin/ beside the live preview."
        ),
    )
    add_dir(p)
    p.add_argument(
        "--port", type=int, default=8010, metavar="P", help=_("the port (default: 8010)")
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="H",
        help=_(
            "the address to listen on (default: 127.0.0.1, this computer only); any other address "
            "requires the token placard prints at start"
        ),
    )
    return p


def editor_token(host: str) -> str | None:
    """A fresh token when the editor listens beyond this computer, else None."""
    return None if host in LOOPBACK else secrets.token_urlsafe(18)


def run(args) -> int:
    from ..editor.web import Editor
    from ..live.server import LiveState, make_server

    root = Path(args.dir).resolve()
    if not (root / "mkdocs.yml").is_file():
        return fail(_("{root}: no mkdocs.yml here — is this a campaign folder?").format(root=root))
    if not 0 <= args.port <= 65535:
        return fail(
            _("--port {port} is not a port: choose one between 1 and 65535").format(port=args.port)
        )
    token = editor_token(args.host)
    editor = Editor(root, token=token, standalone=True)
    state = LiveState()
    try:
        server = make_server(args.host, args.port, state, editor=editor)
    except OSError as exc:
        return fail(
            _(
                "cannot listen on {host}:{port}: {why}. Is another program using the port? Choose another "
                "with --port"
            ).format(host=args.host, port=args.port, why=exc.strerror or exc)
        )

    def stop(*_args):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    host, port = server.server_address[:2]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/admin/" + (f"?token={token}" if token else "")
    threading.Thread(
        target=editor.checker.load, daemon=True
    ).start()  # the campaign, loaded before the first save
    print(_("placard: the editor: {url} (Ctrl+C to stop)").format(url=url), flush=True)
    if token:
        print(
            _(
                "placard: the editor listens beyond this computer: only who has this address (with its token) "
                "can open it"
            ),
            file=sys.stderr,
            flush=True,
        )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
