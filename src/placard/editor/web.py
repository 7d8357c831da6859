"""The editor's pages (``/admin/``) and its API (``POST /api/v1``) inside placard's HTTP server.

Safe by default: a request whose ``Host`` (or ``Origin``, or ``Sec-Fetch-Site: cross-site``) is not the
editor's own is refused with 403, so a page the clerk happens to have open elsewhere cannot write through
the editor (nor can a DNS-rebinding name reach it). The API takes only ``application/json`` bodies (which a
cross-site form cannot send). When the editor listens beyond this computer (``--host``), every request
must also carry the token printed at start (``/admin/?token=…`` sets it as a cookie for this session).
"""

from __future__ import annotations

import hmac
import json
import re
from http import HTTPStatus
from http.cookies import SimpleCookie
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs

from ..i18n import _
from .api import BODY_MAX, EditorApi
from .checks import Checker
from .config import LABELS, decap_config

API_PATH = "/api/v1"
#: Entries in one page of the editor's lists (the next page comes as the clerk scrolls).
LIST_PAGE = 100
ADMIN = "/admin/"
_BUNDLE = re.compile(r"^(?:[0-9]+\.)?decap-cms\.js$")
COOKIE = "placard_editor"

_PAGE = """<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>%(title)s</title>
<style>
#placard-findings{position:fixed;right:1rem;bottom:1rem;z-index:100000;max-width:34rem;max-height:50vh;overflow:auto;
background:#fff;border:2px solid #c0392b;border-radius:6px;padding:.75rem 1rem;font:14px/1.5 sans-serif;
box-shadow:0 4px 16px rgba(0,0,0,.2)}
#placard-findings.ok{border-color:#2e7d32}
#placard-findings h2{font-size:15px;margin:0 0 .4rem}
#placard-findings li{margin:.2rem 0}
#placard-findings .fix{color:#555}
</style>
<script>window.CMS_MANUAL_INIT = true;</script>
<script src="decap-cms.js?v=%(version)s"></script>
</head><body>
<div id="placard-findings" role="status" aria-live="polite" hidden></div>
<script id="placard-config" type="application/json">%(config)s</script>
<script id="placard-texts" type="application/json">%(texts)s</script>
<script>
(function () {
  var config = JSON.parse(document.getElementById("placard-config").textContent);
  var texts = JSON.parse(document.getElementById("placard-texts").textContent);
  var api = location.origin + "/api/v1";
  config.backend.proxy_url = api;
  // placard's backend: Decap's own proxy backend (the local-backend API), except that a folder comes a page
  // at a time. With all of a big campaign's entries at once Decap parses and draws every one before its
  // list shows (5,000 slogans: seconds); a page shows at once and the list fetches the next page when the
  // clerk scrolls to its end (Decap's cursor, "append_next"). Sorting and relation fields still get the
  // whole folder in one request (allEntriesByFolder).
  var PAGE = %(page)d;
  // the key under which Decap looks for a backend's cursor on the entries it returns (decap-lib-util's
  // CURSOR_COMPATIBILITY_SYMBOL, a private Symbol: found by its description)
  var CURSOR = "cursor key for compatibility with old backends";
  function withCursor(entries, cursor) {
    return new Proxy(entries, {get: function (target, key, receiver) {
      if (typeof key === "symbol" && key.description === CURSOR) { return cursor; }
      return Reflect.get(target, key, receiver);
    }});
  }
  function PlacardBackend(cmsConfig, options) {
    var proxy = CMS.getBackend("proxy").init(cmsConfig, options);
    function page(folder, extension, depth, after) {
      return proxy.request({action: "entriesByFolderPage", params: {
        branch: proxy.branch, folder: folder, extension: extension, depth: depth, after: after, limit: PAGE
      }}).then(function (answer) {
        var where = {folder: folder, extension: extension, depth: depth, count: answer.count};
        return {entries: answer.entries, cursor: {
          actions: answer.next ? ["next"] : [], meta: where, data: {after: answer.next}
        }};
      });
    }
    var own = {
      entriesByFolder: function (folder, extension, depth) {
        return page(folder, extension, depth, null).then(function (p) { return withCursor(p.entries, p.cursor); });
      },
      allEntriesByFolder: function (folder, extension, depth) {
        return proxy.entriesByFolder(folder, extension, depth);
      },
      traverseCursor: function (cursor, action) {
        if (action !== "next") { return Promise.reject(new Error("placard: only 'next' pages")); }
        var meta = cursor.meta;
        return page(meta.get("folder"), meta.get("extension"), meta.get("depth"), cursor.data.get("after"));
      }
    };
    return new Proxy(proxy, {
      get: function (target, key) {
        if (Object.prototype.hasOwnProperty.call(own, key)) { return own[key]; }
        var value = target[key];
        return typeof value === "function" ? value.bind(target) : value;
      },
      has: function (target, key) { return Object.prototype.hasOwnProperty.call(own, key) || key in target; }
    });
  }
  CMS.registerBackend("placard", PlacardBackend);
  var panel = document.getElementById("placard-findings");
  function show(answer) {
    if (!answer || !answer.findings) { return; }
    var list = answer.findings;
    panel.textContent = "";
    panel.className = answer.held ? "" : (list.length ? "" : "ok");
    var h = document.createElement("h2");
    h.textContent = answer.held ? texts.held : (list.length ? texts.savedWith : texts.saved);
    panel.appendChild(h);
    var ul = document.createElement("ul");
    list.forEach(function (f) {
      var li = document.createElement("li");
      li.className = "finding " + f.severity;
      li.setAttribute("data-field", f.field || "");
      var label = f.field ? (texts.labels[f.field] || f.field) + "：" : "";
      li.textContent = (f.severity === "error" ? texts.error : texts.warning) + " " + label + f.message;
      if (f.fix) {
        var fix = document.createElement("div");
        fix.className = "fix";
        fix.textContent = texts.fix + f.fix;
        li.appendChild(fix);
      }
      ul.appendChild(li);
    });
    panel.appendChild(ul);
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = texts.close;
    close.onclick = function () { panel.hidden = true; };
    panel.appendChild(close);
    panel.hidden = false;
  }
  var tab = Math.random().toString(36).slice(2) + Date.now().toString(36);
  var original = window.fetch;
  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    if (url === api && init) {  // tell this tab's reads and saves apart from another tab's (conflicts)
      init = Object.assign({}, init, {headers: Object.assign({}, init.headers || {}, {"X-Placard-Tab": tab})});
      arguments[1] = init;
    }
    var answer = original.apply(this, arguments);
    if (init && typeof init.body === "string" && init.body.indexOf('"action":"persistEntry"') >= 0) {
      answer.then(function (r) { r.clone().json().then(show, function () {}); }, function () {});
    }
    return answer;
  };
  // no login page: the editor is this computer's (the token guards it when shared), so sign in at once
  try {
    var user = JSON.parse(localStorage.getItem("decap-cms-user") || "null");
    if (!user || user.backendName !== "placard") {
      localStorage.setItem("decap-cms-user", JSON.stringify({backendName: "placard"}));
    }
  } catch (e) { /* storage off: Decap shows its login button */ }
  CMS.init({config: config});
})();
</script>
</body></html>
"""


def _json_for_script(value) -> str:
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def bundle_dir():
    return resources.files("placard") / "data" / "decap"


def bundle_version() -> str:
    """The pinned Decap version (data/decap/VERSION), in the bundle's URL so a new one is fetched anew."""
    try:
        return (bundle_dir() / "VERSION").read_text("utf-8").split()[1]
    except (OSError, IndexError):
        return "0"


class Editor:
    """The editor of one campaign folder, served by a :class:`placard.live.server.Handler`."""

    def __init__(self, root: Path, token: str | None = None, standalone: bool = False):
        self.root = Path(root).resolve()
        self.standalone = standalone  # placard edit (no preview beside it)
        self.checker = Checker(self.root)
        self.api = EditorApi(self.root, self.checker)
        self.token = token
        self.hosts: set[str] = set()
        self.anywhere = False  # listening on every address (0.0.0.0): any Host, the token decides

    def listening(self, host: str, port: int) -> None:
        """The addresses this editor answers to (``Host`` header values)."""
        self.anywhere = host in ("0.0.0.0", "::", "")
        names = {host, "127.0.0.1", "localhost"} if host in ("127.0.0.1", "localhost") else {host}
        if ":" in host and not host.startswith("["):
            names = {f"[{host}]"} | ({"[::1]", "localhost"} if host == "::1" else set())
        self.hosts = {f"{n}:{port}" for n in names}

    def page(self) -> bytes:
        # first: it sets the campaign's language for the texts below
        config = decap_config(self.root)
        texts = {
            "held": _("Not saved: fix these problems and save again (your text is kept)"),
            "saved": _("Saved; the checks found no problems"),
            "savedWith": _("Saved; the checks found:"),
            "error": _("error"),
            "warning": _("warning"),
            "fix": _("how to fix: "),
            "close": _("close"),
            "labels": {name: _(label) for name, label in LABELS.items()},
        }
        body = _PAGE % {
            "title": _("placard editor"),
            "version": bundle_version(),
            "page": LIST_PAGE,
            "config": _json_for_script(config),
            "texts": _json_for_script(texts),
        }
        return body.encode("utf-8")

    # ------------------------------------------------------------------ guards

    def _refuse(self, handler, message: str, status=HTTPStatus.FORBIDDEN) -> None:
        data = json.dumps({"error": message}, ensure_ascii=False).encode()
        handler._send(status, data, "application/json; charset=utf-8", False)

    def allowed(self, handler, query: str = "") -> str | None:
        """None when the request may go on, else why not."""
        host = handler.headers.get("Host", "")
        if self.hosts and host not in self.hosts and not (self.token and self.anywhere):
            return _(
                "refused: this request names the host '{host}', not the editor's own address"
            ).format(host=host[:80])
        origin = handler.headers.get("Origin")
        if origin is not None and origin != f"http://{host}":
            return _("refused: a page of another site ({origin}) may not use the editor").format(
                origin=origin[:80]
            )
        if handler.headers.get("Sec-Fetch-Site", "") == "cross-site":
            return _("refused: a page of another site may not use the editor")
        if self.token:
            given = parse_qs(query).get("token", [""])[0]
            cookie = SimpleCookie()
            try:
                cookie.load(handler.headers.get("Cookie", ""))
            except Exception:  # noqa: BLE001  (a malformed cookie is no token)
                pass
            held = cookie[COOKIE].value if COOKIE in cookie else ""
            if not (
                hmac.compare_digest(given, self.token) or hmac.compare_digest(held, self.token)
            ):
                return _(
                    "refused: open the address with the token placard printed when it started "
                    "(…/admin/?token=…)"
                )
        return None

    # ------------------------------------------------------------------ requests

    def get(self, handler, path: str, query: str, head: bool) -> None:
        why = self.allowed(handler, query)
        if why:
            return self._refuse(handler, why)
        if path == "/admin":
            handler.send_response(HTTPStatus.MOVED_PERMANENTLY)
            handler.send_header("Location", ADMIN)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        name = path[len(ADMIN) :]
        if name in ("", "index.html"):
            body = self.page()
            handler.send_response(HTTPStatus.OK)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", str(len(body)))
            handler.send_header("Cache-Control", "no-store")
            handler.send_header("X-Frame-Options", "DENY")
            handler.send_header("Referrer-Policy", "no-referrer")
            if self.token:
                handler.send_header(
                    "Set-Cookie", f"{COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict"
                )
            handler.end_headers()
            if not head:
                handler.wfile.write(body)
            return
        if _BUNDLE.match(name):
            file = bundle_dir() / name
            if (
                file.is_file()
            ):  # the pinned bundle never changes under its version: the browser keeps it
                body = file.read_bytes()
                versioned = (
                    name == "decap-cms.js" and f"v={bundle_version()}" in query
                )  # chunks: no version
                handler.send_response(HTTPStatus.OK)
                handler.send_header("Content-Type", "application/javascript; charset=utf-8")
                handler.send_header("Content-Length", str(len(body)))
                handler.send_header(
                    "Cache-Control",
                    "public, max-age=604800, immutable" if versioned else "no-cache",
                )
                handler.end_headers()
                if not head:
                    handler.wfile.write(body)
                return None
        return handler._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain", head)

    def post(self, handler) -> None:
        why = self.allowed(handler)
        if why:
            return self._refuse(handler, why)
        kind = handler.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            return self._refuse(
                handler,
                _("the editor's API takes JSON only (Content-Type: application/json)"),
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            )
        try:
            length = int(handler.headers.get("Content-Length", ""))
        except ValueError:
            return self._refuse(handler, _("the request has no length"), HTTPStatus.LENGTH_REQUIRED)
        if length < 0 or length > BODY_MAX:
            return self._refuse(
                handler, _("the request is too large"), HTTPStatus.REQUEST_ENTITY_TOO_LARGE
            )
        raw = handler.rfile.read(length)
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return self._refuse(handler, _("the request is not valid JSON"), HTTPStatus.BAD_REQUEST)
        client = handler.headers.get("X-Placard-Tab", "")[:64]
        status, answer = self.api.handle(body, client)
        data = json.dumps(answer, ensure_ascii=False).encode()
        handler._send(status, data, "application/json; charset=utf-8", False)
