"""placard serve: live preview; an edited slogan re-renders its own pages only (see :mod:`placard.live`)."""

from __future__ import annotations

import signal
import sys
import threading
import time
from pathlib import Path

from ..i18n import _
from .common import add_dir, add_trust, fail


def add_parser(sub):
    p = sub.add_parser(
        "serve",
        help=_("live preview in the browser, updated on every edit"),
        description=_(
"Serve the campaign's public site (or with --staff its staff site) on "
        "http://127.0.0.1:8000/ and update it when slogans, docs, posters or mkdocs.yml change: "
        "an edited slogan re-renders only the pages that show it (and the search index), anything "
        "else rebuilds the site. A change that breaks a rule is shown in the terminal and over the "
        "page in the browser; the last good site stays served. Drafts are shown (marked 草稿) unless "
        "--published."),
    )
    add_dir(p)
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT",
                   help=_("the address to serve on (default: 127.0.0.1:8000)"))
    p.add_argument("--published", action="store_true", help=_("show only published content"))
    p.add_argument(
        "--posters", action="store_true", help=_("also render posters on every full rebuild (slow; off by default)")
    )
    p.add_argument("--staff", action="store_true",
                   help=_("serve the staff site (placement lists, posters, ledger, approvals) instead of the public one"))
    p.add_argument("-v", "--verbose", action="store_true", help=_("show MkDocs' progress messages"))
    add_trust(p)
    return p


def _addr(text: str) -> tuple[str, int] | None:
    host, _sep, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        return None
    return host.strip("[]"), int(port)


def _say(message: str, err: bool = False) -> None:
    print(f"placard: {time.strftime('%H:%M:%S')} {message}", file=sys.stderr if err else sys.stdout, flush=True)


class Session:
    """The serve loop: load, build, then one update per batch of file events."""

    def __init__(self, root: Path, args):
        from ..live.campaign import LiveCampaign
        from ..live.server import LiveState
        from ..live.site import LiveSite
        from ..mkdocs_hooks import BuildOptions

        self.root = root
        self.state = LiveState()
        self.campaign = LiveCampaign(root)
        self.site = LiveSite(root, BuildOptions(preview=not args.published, posters=args.posters,
                                                audience="staff" if args.staff else "public"),
                             verbose=args.verbose)
        self._shown: list | None = None
        from ..trust import user_trusts

        self.trusted = user_trusts(root, getattr(args, "trust", False))

    def _trust(self, result):
        """The checks' result with ``trust.code`` errors as warnings when the user trusts the campaign."""
        from ..engine import CheckResult
        from ..trust import allow

        return CheckResult(result.campaign, allow(result.findings)) if self.trusted else result

    def _show(self, findings) -> None:
        from ..findings import render_text

        keyed = sorted(f.render() for f in findings)
        if keyed != self._shown:
            self._shown = keyed
            if findings:
                print(render_text(findings), file=sys.stderr, flush=True)

    def _broken(self, result) -> None:
        errors = [f for f in result.findings if f.is_error]
        if self.state.site_dir:
            _say(_("{n} error(s): keeping the last good site").format(n=len(errors)), err=True)
        else:
            _say(_("{n} error(s): nothing to show until it is fixed").format(n=len(errors)), err=True)
        self.state.publish(None, errors)

    def full(self) -> None:
        from ..build import BuildFailed
        from ..load import CampaignNotFound

        try:
            result = self.campaign.load()
        except CampaignNotFound as exc:
            _say(str(exc), err=True)
            self.state.publish(None, [], message=str(exc))
            return
        result = self._trust(result)
        self._show(result.findings)
        if not result.ok:
            return self._broken(result)
        try:
            report = self.site.full_build(result)
        except BuildFailed as exc:
            _say(_("build failed: {problem}").format(problem=exc), err=True)
            self.state.publish(None, [], message=_("build failed: {problem}").format(problem=exc))
            return
        _say(report.summary())
        self.state.publish(self.site.site_dir, [], rebuilt=True)

    def handle(self, batch) -> None:
        if batch.full or self.campaign.base is None or self.site.site_dir is None:
            return self.full()
        started = time.monotonic()
        result = self._trust(self.campaign.update(batch.slogans, batch.rescan))
        self._show(result.findings)
        if not result.ok:
            return self._broken(result)
        site_dir = self.site.site_dir

        def first(paths):  # the edited slogans' pages are written: reload them
            self.state.publish(site_dir, [], changed=paths)
            _say(_("{paths} served after {seconds} s").format(
                paths=", ".join(paths[:3]), seconds=f"{time.monotonic() - started:.2f}"))

        try:
            report = self.site.update(result, on_first=first)
        except Exception as exc:  # noqa: BLE001  (a page that fails to render: rebuild everything instead)
            _say(_("updating the pages failed ({problem}); rebuilding the site").format(
                problem=f"{type(exc).__name__}: {exc}"), err=True)
            return self.full()
        names = ", ".join(sorted(p.relative_to(self.root).as_posix() for p in batch.slogans)[:3]) or "slogans/"
        if len(batch.slogans) > 3:
            names = _("{names} and {n} more").format(names=names, n=len(batch.slogans) - 3)
        _say(_("{names}: {summary} ({seconds} s with the checks)").format(
            names=names, summary=report.summary(), seconds=f"{time.monotonic() - started:.2f}"))
        self.state.publish(self.site.site_dir, [], rebuilt=True, changed=report.paths)


def run(args) -> int:
    from ..build import default_out
    from ..live.server import make_server
    from ..live.watch import Debouncer, start_observer
    from ..sites import staff_out

    root = Path(args.dir).resolve()
    if not (root / "mkdocs.yml").is_file():
        return fail(_("{dir}: no mkdocs.yml here — is this a campaign folder?").format(dir=root))
    addr = _addr(args.dev_addr)
    if addr is None:
        return fail(_("--dev-addr '{addr}' is not an address: write IP:PORT, e.g. 127.0.0.1:8000").format(
            addr=args.dev_addr))
    session = Session(root, args)
    from ..live.manual import Manual

    session.state.manual = Manual()
    session.state.manual.start()  # the manual (使用手册) at /manual/, built in the background
    from ..editor.web import Editor
    from .edit import editor_token

    token = editor_token(addr[0])
    editor = Editor(root, token=token)
    try:
        server = make_server(addr[0], addr[1], session.state, editor=editor)
    except OSError as exc:
        return fail(_("cannot serve on {addr}: {problem}. Is another server using the port? "
                      "Choose another with -a 127.0.0.1:PORT").format(addr=args.dev_addr, problem=exc.strerror or exc))

    def stop(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    debouncer = Debouncer(root, ignored=(default_out(root), staff_out(root)))
    observer = start_observer(root, debouncer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    try:
        session.full()
        _say(_("serving on {url} (Ctrl+C to stop)").format(url=f"http://{host}:{port}/"))
        _say(_("the manual (使用手册): http://{host}:{port}/manual/").format(host=host, port=port))
        _say(_("the editor: http://{host}:{port}/admin/{token}").format(
            host=host, port=port, token=f"?token={token}" if token else ""))
        while (batch := debouncer.wait()) is not None:
            session.handle(batch)
    except KeyboardInterrupt:
        pass
    finally:
        debouncer.close()
        observer.stop()
        server.shutdown()
        session.site.close()
        session.state.manual.close()
    return 0
