"""Decap CMS's local-backend API (``POST /api/v1``), in Python, confined to the campaign folder.

The actions and the shapes of their requests and answers are decap-server's (``localFs`` middleware):
``info``, ``entriesByFolder``, ``entriesByFiles``, ``getEntry``, ``persistEntry``, ``getMedia``,
``getMediaFile``, ``persistMedia``, ``deleteFile``, ``deleteFiles``, ``getDeployPreview``.
What placard adds:

* ``entriesByFolderPage``: one page of a folder (``after`` the last path of the page before, at most
  ``limit`` entries), so the editor's list shows a campaign of thousands at once and loads the rest as the
  clerk scrolls (the admin page's ``placard`` backend asks for it; Decap's own proxy backend would fetch,
  parse and draw every entry before the list shows);

* the file the ``ref`` fields pick from (:data:`placard.editor.config.APPROVED_FILE`) is made on request
  from the loaded campaign, never read from or written to disk;
* every path is checked before any file is touched: relative, inside one of the folders the editor
  edits, no ``..``, no hidden parts, no NUL or control characters, no Windows device names, no part
  longer than :data:`NAME_MAX`, and no symbolic link anywhere on the way;
* a save is checked first (:mod:`placard.editor.checks`): a file with errors is **held** — not
  written — and the answer lists the findings (the editor keeps the clerk's text and shows them);
* a file changed on disk since the editor read it is not overwritten (a conflict, HTTP 409);
* every write goes to a temporary file beside the target, then ``os.replace``;
* uploads must be images (their first bytes say so) of at most :data:`UPLOAD_MAX` bytes, written
  byte for byte (a photo keeps its EXIF).

:meth:`EditorApi.handle` never raises: every problem is an answer ``(status, {"error": 中文})``.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import hashlib
import json
import os
import re
import stat
import tempfile
import threading
from pathlib import Path
from typing import Any

from ..i18n import _
from .config import APPROVED_FILE

#: The folders the editor reads and writes (relative to the campaign), with docs/ as the campaign names it.
NAME_MAX = 120
PATH_MAX = 400
UPLOAD_MAX = 20 * 1024 * 1024
PAGE_MAX = 1000  # entries in one answer of entriesByFolderPage
BODY_MAX = 40 * 1024 * 1024
IMAGE_SUFFIXES = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".webp": "webp", ".gif": "gif"}
TEXT_SUFFIXES = (".md", ".yml", ".yaml")
_DEVICE = re.compile(
    r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$", re.IGNORECASE
)
_BAD_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"|?*\\]')


class Refused(Exception):
    """A request placard will not carry out: ``status`` and a message for the clerk."""

    def __init__(self, message: str, status: int = 400, **extra: Any):
        super().__init__(message)
        self.message, self.status, self.extra = message, status, extra


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def image_kind(data: bytes) -> str | None:
    """The image type the first bytes show (None: not an image placard takes)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    return None


_ID_LINE = re.compile(r"^id[ \t]*:", re.M)


def with_id(text: str, rel: str) -> str:
    """``text`` with an ``id:`` line holding its file name when it has none.

    An item or a placement list without ``id:`` takes its file name as id (placard's loaders); the
    form needs the field filled to save, so the clerk sees the name there instead of an empty required
    field. Only what the form reads changes: the file on disk stays as it is until the clerk saves."""
    stem = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    line = f"id: {json.dumps(stem, ensure_ascii=False)}\n"
    if rel.endswith(".md"):
        if not text.startswith("---"):
            return text
        head, sep, rest = text.partition("\n")
        end = rest.find("\n---")
        matter = rest if end < 0 else rest[:end]
        return text if _ID_LINE.search(matter) else head + sep + line + rest
    return text if _ID_LINE.search(text) else line + text


class EditorApi:
    """The API over one campaign folder; ``checker`` checks a save before it is written."""

    def __init__(self, root: Path, checker=None):
        self.root = Path(root).resolve()
        self.checker = checker
        # (client, path) -> sha256 of what that client (a browser tab) last read or wrote
        self.seen: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()
        self._local = threading.local()

    @property
    def client(self) -> str:
        return getattr(self._local, "client", "")

    # ------------------------------------------------------------------ paths

    def folders(self) -> tuple[str, ...]:
        from ..load import ADS_DIR, GUIDES_DIR, SLOGANS_DIR
        from ..patrols.load import PATROLS_DIR
        from ..placements.load import PLACEMENTS_DIR

        docs = self.checker.docs_dir if self.checker is not None else "docs"
        return (
            SLOGANS_DIR,
            f"{docs}/{GUIDES_DIR}",
            f"{docs}/{ADS_DIR}",
            PLACEMENTS_DIR,
            PATROLS_DIR,
        )

    def rel(self, value: Any, folder: bool = False) -> str:
        """A checked path relative to the campaign ('slogans/x.md'), or :class:`Refused`."""
        if not isinstance(value, str) or not value.strip():
            raise Refused(_("the request names no file (a path is missing or not a text)"))
        shown = value[:80]
        if len(value) > PATH_MAX:
            raise Refused(
                _("the path is too long ({n} characters; at most {max})").format(
                    n=len(value), max=PATH_MAX
                )
            )
        if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value):
            raise Refused(
                _(
                    "'{path}' is an absolute path; the editor only works inside the campaign folder"
                ).format(path=shown)
            )
        if _BAD_CHARS.search(value):
            raise Refused(
                _(
                    "'{path}' contains a character a file name cannot hold (a control character, NUL, "
                    '\\ or one of < > : " | ? *)'
                ).format(path=shown.encode("unicode_escape").decode())
            )
        parts = value.split("/")
        while parts and parts[-1] == "" and folder:
            parts.pop()
        for part in parts:
            if part in ("", ".", ".."):
                raise Refused(
                    _("'{path}' leads outside its folder ('..', '.' or an empty part)").format(
                        path=shown
                    )
                )
            if part.startswith("."):
                raise Refused(
                    _(
                        "'{path}' names a hidden file or folder; the editor does not touch those"
                    ).format(path=shown)
                )
            if len(part) > NAME_MAX:
                raise Refused(
                    _("a name in '{path}' is {n} characters long; at most {max}").format(
                        path=shown, n=len(part), max=NAME_MAX
                    )
                )
            if _DEVICE.match(part) or part.endswith((" ", ".")):
                raise Refused(
                    _(
                        "'{name}' is a name Windows reserves for a device (or ends in a space or dot); "
                        "choose another name"
                    ).format(name=part)
                )
        rel = "/".join(parts)
        if not any(rel == f or rel.startswith(f + "/") for f in self.folders()):
            raise Refused(
                _("'{path}' is outside the folders the editor edits ({folders})").format(
                    path=shown, folders=", ".join(self.folders())
                ),
                403,
            )
        self._no_links(rel)
        return rel

    def _no_links(self, rel: str) -> None:
        """Refuse a path with a symbolic link (or a non-folder) anywhere on the way."""
        here = self.root
        parts = rel.split("/")
        for i, part in enumerate(parts):
            here = here / part
            try:
                st = os.lstat(here)
            except FileNotFoundError:
                return
            except OSError as exc:
                raise Refused(
                    _("'{path}' cannot be read: {why}").format(path=rel, why=exc.strerror)
                ) from None
            if stat.S_ISLNK(st.st_mode):
                raise Refused(
                    _(
                        "'{path}' goes through a symbolic link; the editor does not follow links"
                    ).format(path=rel),
                    403,
                )
            if i < len(parts) - 1 and not stat.S_ISDIR(st.st_mode):
                raise Refused(_("'{path}': '{part}' is not a folder").format(path=rel, part=part))

    def _read(self, rel: str) -> bytes | None:
        path = self.root / rel
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None
            return fh.read()

    def write(self, rel: str, data: bytes) -> None:
        """Write atomically: a temporary file beside the target, then ``os.replace`` (never through a link)."""
        self._no_links(rel)
        path = self.root / rel
        parent = path.parent
        missing = []
        while not parent.exists():
            missing.append(parent)
            parent = parent.parent
        for folder in reversed(missing):
            os.mkdir(folder, 0o755)
        self._no_links(rel)
        if path.exists() and not path.is_file():
            raise Refused(_("'{path}' is a folder, not a file").format(path=rel))
        fd, tmp = tempfile.mkstemp(prefix=".placard-edit-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    # ------------------------------------------------------------------ answers

    def entry(self, rel: str, label: str | None = None) -> dict:
        data = self._read(rel)
        file: dict[str, Any] = {"path": rel, "id": None}
        if label is not None:
            file["label"] = label
        if data is None:
            return {"data": None, "file": file}
        digest = sha256(data)
        self.seen[(self.client, rel)] = digest
        file["id"] = digest
        text = data.decode("utf-8", "replace")
        if rel.startswith(tuple(f + "/" for f in self.folders()[:4])):  # items and lists: id defaults to the name
            text = with_id(text, rel)
        return {"data": text, "file": file}

    def media(self, rel: str) -> dict:
        data = self._read(rel)
        if data is None:
            raise Refused(_("'{path}' does not exist").format(path=rel), 404)
        return {
            "id": sha256(data),
            "content": base64.b64encode(data).decode(),
            "encoding": "base64",
            "path": rel,
            "name": rel.rsplit("/", 1)[-1],
        }

    def listing(self, folder: str, extension: str, depth: int) -> list[str]:
        out: list[str] = []

        def walk(rel: str, left: int) -> None:
            if left <= 0:
                return
            try:  # scandir: the type comes with the name (no stat per file: thousands of slogans)
                with os.scandir(self.root / rel) as it:
                    found = sorted((e.name, e) for e in it if not e.name.startswith("."))
            except OSError:
                return
            for name, e in found:
                child = f"{rel}/{name}"
                try:
                    if e.is_dir(follow_symlinks=False):
                        walk(child, left - 1)
                    elif e.is_file(follow_symlinks=False) and name.endswith(extension):
                        out.append(child)
                except OSError:
                    continue

        walk(folder, depth)
        return out

    # ------------------------------------------------------------------ the actions

    def handle(self, body: Any, client: str = "") -> tuple[int, Any]:
        """One request's JSON body -> (HTTP status, JSON answer). Never raises.

        ``client`` tells browser tabs apart (the admin page sends a random id with every request), so a save
        is compared with the version *that tab* read."""
        self._local.client = client if isinstance(client, str) else ""
        try:
            return 200, self._dispatch(body)
        except Refused as exc:
            return exc.status, {"error": exc.message, **exc.extra}
        except Exception as exc:  # noqa: BLE001  (a bug must not become a traceback in the browser)
            return 400, {
                "error": _(
                    "placard could not carry out this request ({what}); nothing was written"
                ).format(what=type(exc).__name__)
            }

    def _dispatch(self, body: Any) -> Any:
        if not isinstance(body, dict):
            raise Refused(_("the request must be a JSON object with 'action' and 'params'"), 422)
        action = body.get("action")
        params = body.get("params")
        if params is None:
            params = {}
        if not isinstance(params, dict):
            raise Refused(_("'params' must be a JSON object"), 422)
        handler = (
            getattr(self, f"_do_{action}", None)
            if isinstance(action, str) and action.isalpha()
            else None
        )
        if handler is None:
            shown = str(action)[:60]
            raise Refused(
                _("unknown action '{action}'; the editor knows: {known}").format(
                    action=shown, known=", ".join(sorted(ACTIONS))
                ),
                422,
            )
        return handler(params)

    def _do_info(self, params: dict) -> dict:
        return {"repo": self.root.name, "publish_modes": ["simple"], "type": "local_fs"}

    def _folder_listing(self, params: dict) -> list[str]:
        folder = self.rel(params.get("folder"), folder=True)
        extension = params.get("extension", "")
        depth = params.get("depth", 1)
        if not isinstance(extension, str) or not isinstance(depth, int) or isinstance(depth, bool):
            raise Refused(_("'extension' must be a text and 'depth' a whole number"), 422)
        return self.listing(folder, extension, min(max(depth, 0), 20))

    def _do_entriesByFolder(self, params: dict) -> list:  # noqa: N802  (Decap's action names)
        return [self.entry(rel) for rel in self._folder_listing(params)]

    def _do_entriesByFolderPage(self, params: dict) -> dict:  # noqa: N802
        """``limit`` entries of a folder in path order, from the first path after ``after`` (none: the start).

        ``next`` is the last path of this page while more follow (None at the end); ``count`` all entries.
        Paging by path, not by position, so a file added or deleted meanwhile neither repeats nor skips one."""
        after = params.get("after")
        limit = params.get("limit", 100)
        if (
            not (after is None or (isinstance(after, str) and len(after) <= PATH_MAX))
            or not isinstance(limit, int)
            or isinstance(limit, bool)
            or not 1 <= limit <= PAGE_MAX
        ):
            raise Refused(
                _(
                    "'after' must be a path or null and 'limit' a whole number from 1 to {max}"
                ).format(max=PAGE_MAX),
                422,
            )
        rels = sorted(self._folder_listing(params))
        start = bisect.bisect_right(rels, after) if after else 0
        page = rels[start : start + limit]
        more = start + limit < len(rels)
        return {
            "entries": [self.entry(rel) for rel in page],
            "next": page[-1] if more else None,
            "count": len(rels),
        }

    def approved(self, label: str | None = None) -> dict:
        """The entry of :data:`APPROVED_FILE`: ``{"items": [{id, kind, title, label}, …]}`` as JSON."""
        items = self.checker.approved() if self.checker is not None else []
        data = json.dumps({"items": items}, ensure_ascii=False, separators=(",", ":"))
        file: dict[str, Any] = {"path": APPROVED_FILE, "id": sha256(data.encode())}
        if label is not None:
            file["label"] = label
        return {"data": data, "file": file}

    def _do_entriesByFiles(self, params: dict) -> list:  # noqa: N802
        files = params.get("files")
        if not isinstance(files, list) or not all(isinstance(f, dict) for f in files):
            raise Refused(_("'files' must be a list of {path, label}"), 422)
        out = []
        for f in files:
            label = f.get("label") if isinstance(f.get("label"), str) else None
            if f.get("path") == APPROVED_FILE:
                out.append(self.approved(label))
            else:
                out.append(self.entry(self.rel(f.get("path")), label))
        return out

    def _do_getEntry(self, params: dict) -> dict:  # noqa: N802
        if params.get("path") == APPROVED_FILE:
            return self.approved()
        return self.entry(self.rel(params.get("path")))

    def _do_getMedia(self, params: dict) -> list:  # noqa: N802
        folder = self.rel(params.get("mediaFolder"), folder=True)
        return [
            self.media(rel)
            for rel in self.listing(folder, "", 1)
            if rel.lower().endswith(tuple(IMAGE_SUFFIXES))
        ]

    def _do_getMediaFile(self, params: dict) -> dict:  # noqa: N802
        return self.media(self.rel(params.get("path")))

    def _do_getDeployPreview(self, params: dict) -> None:  # noqa: N802
        return None

    def _do_unpublishedEntries(self, params: dict) -> list:  # noqa: N802
        return []

    def _asset(self, asset: Any) -> tuple[str, bytes]:
        if not isinstance(asset, dict):
            raise Refused(_("an upload must be {path, content, encoding: base64}"), 422)
        rel = self.rel(asset.get("path"))
        suffix = os.path.splitext(rel)[1].lower()
        if suffix not in IMAGE_SUFFIXES:
            raise Refused(
                _("'{path}': only images can be uploaded (PNG, JPEG, WebP or GIF)").format(
                    path=rel
                ),
                415,
            )
        content = asset.get("content")
        if asset.get("encoding") != "base64" or not isinstance(content, str):
            raise Refused(_("an upload must be {path, content, encoding: base64}"), 422)
        if len(content) > UPLOAD_MAX * 4 // 3 + 8:
            raise Refused(
                _("'{path}' is larger than {mb} MB; make the image smaller").format(
                    path=rel, mb=UPLOAD_MAX // (1024 * 1024)
                ),
                413,
            )
        try:
            data = base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError):
            raise Refused(
                _("'{path}': the upload is not valid base64").format(path=rel), 422
            ) from None
        if len(data) > UPLOAD_MAX:
            raise Refused(
                _("'{path}' is larger than {mb} MB; make the image smaller").format(
                    path=rel, mb=UPLOAD_MAX // (1024 * 1024)
                ),
                413,
            )
        kind = image_kind(data)
        if kind is None:
            raise Refused(
                _(
                    "'{path}' is not a PNG, JPEG, WebP or GIF image (its content says otherwise)"
                ).format(path=rel),
                415,
            )
        return rel, data

    def _do_persistMedia(self, params: dict) -> dict:  # noqa: N802
        rel, data = self._asset(params.get("asset"))
        with self._lock:
            self.write(rel, data)
        return self.media(rel)

    def _data_file(self, raw: Any) -> tuple[str, str]:
        if not isinstance(raw, dict) or not isinstance(raw.get("raw"), str):
            raise Refused(_("an entry must be {path, raw, slug}"), 422)
        rel = self.rel(raw.get("path"))
        if not rel.endswith(TEXT_SUFFIXES):
            raise Refused(
                _("'{path}': the editor saves only .md and .yml files").format(path=rel), 415
            )
        if len(raw["raw"]) > 2 * 1024 * 1024:
            raise Refused(_("'{path}' is too large for one entry").format(path=rel), 413)
        if "\x00" in raw["raw"]:
            raise Refused(_("'{path}': the text contains a NUL character").format(path=rel), 422)
        return rel, raw["raw"]

    def _do_persistEntry(self, params: dict) -> dict:  # noqa: N802
        files = params.get("dataFiles")
        if files is None and "entry" in params:
            files = [params["entry"]]
        if not isinstance(files, list) or len(files) != 1:
            raise Refused(_("a save must carry exactly one entry"), 422)
        rel, text = self._data_file(files[0])
        assets = params.get("assets") or []
        if not isinstance(assets, list):
            raise Refused(_("'assets' must be a list"), 422)
        uploads = [self._asset(a) for a in assets]
        with self._lock:
            current = self._read(rel)
            if current is not None:
                known = self.seen.get((self.client, rel))
                if known is None:
                    raise Refused(
                        _(
                            "'{path}' already exists; open it from the list to change it (nothing was "
                            "overwritten)"
                        ).format(path=rel),
                        409,
                    )
                if sha256(current) != known:
                    raise Refused(
                        _(
                            "'{path}' was changed on disk since the editor read it; nothing was "
                            "overwritten. Reload the page to see the new version, then make your change "
                            "again"
                        ).format(path=rel),
                        409,
                    )
            for arel, data in uploads:  # the entry's images first: the check looks for its artwork
                self.write(arel, data)
            findings = self.checker.trial(rel, text) if self.checker is not None else []
            errors = [f for f in findings if f["severity"] == "error" and f["file"] == rel]
            if errors:
                lines = "；".join(_describe(f) for f in errors[:8])
                raise Refused(
                    _(
                        "not saved: {n} problem(s) in {path}: {list}. Your text is kept in the form: fix "
                        "and save again"
                    ).format(n=len(errors), path=rel, list=lines),
                    422,
                    findings=findings,
                    held=True,
                )
            data = text.encode("utf-8")
            self.write(rel, data)
            self.seen[(self.client, rel)] = sha256(data)
            if self.checker is not None:
                findings = self.checker.saved(rel)
        return {"message": "entry persisted", "findings": findings}

    def _delete(self, rel: str) -> None:
        if not rel.endswith(TEXT_SUFFIXES) and not rel.lower().endswith(tuple(IMAGE_SUFFIXES)):
            raise Refused(
                _("'{path}': the editor deletes only entries and images").format(path=rel), 403
            )
        path = self.root / rel
        if path.is_file() and not path.is_symlink():
            path.unlink()
        for key in [k for k in self.seen if k[1] == rel]:
            del self.seen[key]
        if self.checker is not None and rel.endswith(TEXT_SUFFIXES):
            self.checker.saved(rel)

    def _do_deleteFile(self, params: dict) -> dict:  # noqa: N802
        rel = self.rel(params.get("path"))
        with self._lock:
            self._delete(rel)
        return {"message": f"deleted file {rel}"}

    def _do_deleteFiles(self, params: dict) -> dict:  # noqa: N802
        paths = params.get("paths")
        if not isinstance(paths, list) or not paths:
            raise Refused(_("'paths' must be a list of files"), 422)
        rels = [self.rel(p) for p in paths]
        with self._lock:
            for rel in rels:
                self._delete(rel)
        return {"message": f"deleted files {', '.join(rels)}"}


ACTIONS = tuple(name[4:] for name in dir(EditorApi) if name.startswith("_do_"))


def _describe(f: dict) -> str:
    where = f"{f['field']}：" if f.get("field") else ""
    line = _("line {n}").format(n=f["line"]) if f.get("line") else ""
    fix = f"（{f['fix']}）" if f.get("fix") else ""
    return f"{where}{f['message']}{fix}" + (f" [{line}]" if line else "")
