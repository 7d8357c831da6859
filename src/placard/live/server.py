"""The preview server: the served folder over HTTP on 127.0.0.1, a reload script, the error overlay.

Every HTML page gets a small script (only here, never in a built site) that long-polls
``/.placard/wait``: the request returns when the site changes (or after half a minute), and the
page reloads. While the campaign has errors, every page also carries an overlay listing them
(escaped); the pages under it are the last good site.
"""

from __future__ import annotations

import html
import ipaddress
import json
import mimetypes
import os
import posixpath
import socket
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from .. import i18n
from ..findings import Finding, render_text
from ..i18n import _

WAIT_PATH = "/.placard/wait"
STATUS_PATH = "/.placard/status"
#: How long a reload request waits before it answers "nothing new" (the script asks again).
LONG_POLL = 25.0


class LiveState:
    """What the server shows: the folder, a version that grows with every change, the errors."""

    def __init__(self):
        self.site_dir: Path | None = None
        self.manual = None  # a placard.live.manual.Manual: /manual/ serves its folder
        self.version = 0
        self.errors: list[Finding] = []
        self.message = ""  # a build failure that is not a finding
        self.rebuilds = 0
        self._log: list[tuple[int, frozenset | None]] = []  # (version, the page paths it changed)
        self._cond = threading.Condition(threading.RLock())  # status() inside wait()

    def publish(self, site_dir: Path | None, errors: list[Finding], message: str = "", rebuilt: bool = False,
                changed: list[str] | None = None) -> None:
        """A new version: ``changed`` lists the paths of the pages it changed (None: any page may have)."""
        with self._cond:
            if site_dir is not None:
                self.site_dir = site_dir
            was = (bool(self.errors), self.message)
            self.errors = list(errors)
            self.message = message
            if was != (bool(self.errors), self.message) or self.errors:
                changed = None  # the overlay comes or goes (or changes): every page
            self.version += 1
            self._log.append((self.version, None if changed is None else frozenset(changed)))
            del self._log[:-64]
            self.rebuilds += 1 if rebuilt else 0
            self._cond.notify_all()

    def changed_since(self, seen: int) -> list[str] | None:
        """The pages changed by the versions after ``seen`` (None: any page may have)."""
        out: set[str] = set()
        versions = [v for v, _ in self._log]
        if seen not in versions and (not versions or seen < versions[0] - 1):
            return None  # older than the log remembers
        for v, paths in self._log:
            if v > seen:
                if paths is None:
                    return None
                out |= paths
        return sorted(out)

    def wait(self, seen: int, timeout: float = LONG_POLL) -> dict:
        with self._cond:
            self._cond.wait_for(lambda: self.version != seen, timeout=timeout)
            status = self.status()
            status["changed"] = self.changed_since(seen) if seen >= 0 else None
            return status

    def status(self) -> dict:
        with self._cond:
            return {"version": self.version, "ok": not self.errors and not self.message,
                    "rebuilds": self.rebuilds, "message": self.message,
                    "findings": [f.render() for f in self.errors]}


# Reloads the page when a new version changed it (or may have): an edit's own page first, the rest after.
_SCRIPT = """<script>(function(){var v=%d;function poll(){fetch("/.placard/wait?v="+v,{cache:"no-store"})\
.then(function(r){return r.json()}).then(function(s){if(s.version!==v&&(!s.changed||\
s.changed.indexOf(location.pathname)>=0)){location.reload()}else{v=s.version;poll()}})\
.catch(function(){setTimeout(poll,1000)})}poll()})();</script>"""

_OVERLAY = """<div id="placard-overlay" role="alertdialog" aria-labelledby="placard-overlay-title" \
style="position:fixed;inset:0;z-index:10000;background:rgba(20,20,20,.88);color:#fff;overflow:auto;\
padding:2rem;font:15px/1.5 monospace"><h2 id="placard-overlay-title" style="color:#ff8a80;margin-top:0">\
%(title)s</h2><pre style="white-space:pre-wrap">\
%(text)s</pre><button type="button" onclick="this.parentNode.remove()" style="font:inherit">%(close)s</button></div>"""


def overlay_html(errors: list[Finding], message: str = "") -> str:
    text = render_text(errors) if errors else ""
    if message:
        text = (text + "\n\n" if text else "") + message
    return _OVERLAY % {
        "title": html.escape(_("placard: this change breaks a rule — the page below is the last good site")),
        "text": html.escape(text),
        "close": html.escape(_("close")),
    }


def inject(page: str, state: LiveState) -> str:
    """A page with the reload script (and the overlay while there are errors) before ``</body>``."""
    extra = _SCRIPT % state.version
    if state.errors or state.message:
        extra = overlay_html(state.errors, state.message) + extra
    at = page.rfind("</body>")
    return page[:at] + extra + page[at:] if at >= 0 else page + extra


_PLACEHOLDER = """<!doctype html><html lang="%(lang)s"><head><meta charset="utf-8"><title>placard serve</title>\
</head><body><p>%(text)s</p></body></html>"""


def placeholder() -> str:
    """The page served before the first build (in placard's language)."""
    return _PLACEHOLDER % {"lang": i18n.tag(), "text": html.escape(_("placard serve: the site is not built yet."))}


class Handler(BaseHTTPRequestHandler):
    server_version = "placard-serve"
    state: LiveState  # set on the subclass made by make_server
    editor = None  # a placard.editor.web.Editor: /admin/ and POST /api/v1 (placard edit, placard serve)

    def log_message(self, format, *args):  # noqa: A002  (quiet: the terminal shows rebuilds, not requests)
        pass

    listen_host = "127.0.0.1"  # the host given to make_server (``--dev-addr``)

    def do_HEAD(self):
        self.do_GET(head=True)

    def host_ok(self) -> bool:
        """True when the request's Host header names this server: an IP address, ``localhost`` or the
        host it was started with, and its port. Any other name is a web page's trick (DNS rebinding:
        evil.example resolving to 127.0.0.1) to read the preview, and gets 421."""
        host = self.headers.get("Host")
        if not host or any(c.isspace() for c in host):
            return False
        name, sep, port = host.rpartition(":")
        if not sep or name.endswith(":") or (name.startswith("[") != name.endswith("]")):
            return False  # no port, or an IPv6 address without one
        if port != str(self.server.server_address[1]):
            return False
        name = name.strip("[]").lower()
        if name in ("localhost", self.listen_host.strip("[]").lower()):
            return True
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True

    def do_POST(self):  # noqa: N802
        parts = urlsplit(self.path)
        if self.editor is not None and parts.path == "/api/v1":
            return self.editor.post(self)  # the editor checks Host and Origin itself (403 with a reason)
        return self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"method not allowed", "text/plain", False)

    def do_GET(self, head: bool = False):
        if not self.host_ok():
            return self._send(HTTPStatus.MISDIRECTED_REQUEST,
                              _("placard serve answers only as 127.0.0.1, localhost or the address it was started "
                                "with (-a), with its port").encode(), "text/plain; charset=utf-8", head)
        parts = urlsplit(self.path)
        if self.editor is not None and (parts.path == "/admin" or parts.path.startswith("/admin/")):
            return self.editor.get(self, parts.path, parts.query, head)
        if self.editor is not None and self.editor.standalone:  # placard edit: no preview here
            if parts.path == "/":
                self.send_response(HTTPStatus.FOUND)
                self.send_header("Location", "/admin/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            return self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain", head)
        if parts.path == WAIT_PATH:
            try:
                seen = int(parse_qs(parts.query).get("v", ["-1"])[0])
            except ValueError:
                seen = -1
            status = self.state.wait(seen)
            return self._send(HTTPStatus.OK, json.dumps(status).encode(), "application/json", head)
        if parts.path == STATUS_PATH:
            return self._send(HTTPStatus.OK, json.dumps(self.state.status()).encode(), "application/json", head)
        if parts.path == "/manual" or parts.path.startswith("/manual/"):
            return self._manual(parts.path, head)
        site = self.state.site_dir
        if site is None:
            return self._send(HTTPStatus.SERVICE_UNAVAILABLE, inject(placeholder(), self.state).encode(),
                              "text/html; charset=utf-8", head)
        path = self._file(site, unquote(parts.path))
        if path is None:
            notfound = site / "404.html"
            body = notfound.read_bytes() if notfound.is_file() else b"<html><body>404</body></html>"
            return self._send(HTTPStatus.NOT_FOUND, inject(body.decode("utf-8", "replace"), self.state).encode(),
                              "text/html; charset=utf-8", head)
        if path.is_dir():  # /s/x without the slash: where a browser expects the page
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", parts.path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        try:
            data = path.read_bytes()
        except OSError:
            return self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain", head)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = inject(data.decode("utf-8", "replace"), self.state).encode()
            kind = "text/html; charset=utf-8"
        return self._send(HTTPStatus.OK, data, kind, head)

    def _manual(self, url_path: str, head: bool) -> None:
        """The manual (使用手册) at /manual/, as MkDocs built it (no reload script: it does not change)."""
        from ..i18n import _

        if url_path == "/manual":
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", "/manual/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        manual = self.state.manual
        folder = manual.dir if manual is not None else None
        if folder is None:
            if manual is not None and not manual.problem:
                text = _("The manual is being built; reload this page in a few seconds.")
                status = HTTPStatus.SERVICE_UNAVAILABLE
            else:
                text = _("The manual is not installed with this placard: it is in the manual/ folder of "
                         "placard's source (mkdocs build -f manual/mkdocs.yml).")
                status = HTTPStatus.NOT_FOUND
            body = (f'<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>placard</title>'
                    f"</head><body><p>{html.escape(text)}</p></body></html>")
            return self._send(status, body.encode(), "text/html; charset=utf-8", head)
        path = self._file(folder, url_path[len("/manual"):])
        if path is None:
            path = folder / "404.html"
            status = HTTPStatus.NOT_FOUND
        else:
            status = HTTPStatus.OK
        if path.is_dir():
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", url_path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        try:
            data = path.read_bytes()
        except OSError:
            return self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain", head)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        return self._send(status, data, kind, head)

    @staticmethod
    def _file(site: Path, url_path: str) -> Path | None:
        """The file for a URL path inside ``site``, never outside it."""
        clean = posixpath.normpath("/" + url_path.lstrip("/"))
        rel = clean.lstrip("/")
        if any(part.startswith(".") for part in rel.split("/") if part):
            return None
        path = site / rel if rel else site
        if path.is_dir() and url_path.endswith("/") or path == site:
            path = path / "index.html"
        if not path.exists():
            return None
        real, base = os.path.realpath(path), os.path.realpath(site)
        return path if real == base or real.startswith(base + os.sep) else None

    def _send(self, status, body: bytes, kind: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass


def make_server(host: str, port: int, state: LiveState, editor=None) -> ThreadingHTTPServer:
    handler = type("LiveHandler", (Handler,), {"state": state, "editor": editor, "listen_host": host})
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    server_class = type("LiveServer", (ThreadingHTTPServer,), {"address_family": family})
    server = server_class((host, port), handler)
    server.daemon_threads = True
    if editor is not None:
        editor.listening(host, server.server_address[1])
    return server
