"""placard serve keeps the site in memory: an edit re-renders what it changes, a broken edit keeps the last good site.

The served tests run a real ``placard serve`` on a copy of the example and poll over HTTP the
way a person's browser would; no test measures time (bench/bench_serve.py does).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import copy_example, env
from test_serve import free_port

from placard.engine import check_campaign
from placard.live.campaign import LiveCampaign
from placard.live.watch import Batch, Debouncer, classify

# ---------------------------------------------------------------- a served campaign


class Served:
    def __init__(self, root: Path):
        self.root = root
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        # serve's terminal output goes to a file: a pipe nobody reads fills up (64 KB of findings over the
        # module's edits) and blocks serve in the middle of a print
        self.log = root.parent / "serve.log"
        with self.log.open("w", encoding="utf-8") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "placard", "serve", str(root), "-a", f"127.0.0.1:{self.port}"],
                env=env(), stdout=out, stderr=subprocess.STDOUT, text=True,
            )

    def said(self) -> str:
        return self.log.read_text("utf-8", "replace")[-3000:]

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")
        except OSError:
            return 0, ""

    def until(self, path: str, ok, what: str, seconds: float = 120) -> str:
        """Poll ``path`` until ``ok(status, body)``; the page's body."""
        deadline = time.monotonic() + seconds
        status, body = 0, ""
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"placard serve exited: {self.said()}")
            status, body = self.get(path)
            if ok(status, body):
                return body
            time.sleep(0.2)
        shown = body.split('id="placard-overlay"', 1)[1][:1500] if 'id="placard-overlay"' in body else body[:300]
        raise AssertionError(f"{what}: never seen at {path} (last: {status} {shown})\n"
                             f"placard serve said: {self.said()}")

    def shows(self, path: str, text: str) -> str:
        # (titles carry word breaks, <wbr>, which are not text)
        return self.until(path, lambda s, b: s == 200 and text in b.replace("<wbr>", "") and "placard-overlay" not in b,
                          f"{text!r} without the overlay")

    def status(self) -> dict:
        return json.loads(self.get(".placard/status")[1])

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = copy_example(tmp_path_factory.mktemp("serve") / "c")
    s = Served(root)
    try:
        s.shows("s/civility-05/", "<html")
        yield s
    finally:
        s.stop()


def slogan(served: Served, sid: str) -> Path:
    return served.root / "slogans" / f"{sid}.md"


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")
    return text


def index_locations(served: Served) -> set[str]:
    status, body = served.get("search/search_index.json")
    assert status == 200
    return {d["location"] for d in json.loads(body)["docs"]}


def indexed(served: Served, location: str, present: bool = True) -> None:
    """Until the served search index holds ``location`` (or, ``present=False``, no longer does): the
    edited slogan's page is written first, the index after the other pages."""
    def ok(status, body):
        if status != 200:
            return False
        docs = json.loads(body)["docs"]  # whole at every read: serve renames a finished index into place
        return (location in {d["location"] for d in docs}) == present

    served.until("search/search_index.json", ok, f"{location} {'in' if present else 'out of'} the index")


def slogan_text(path: Path) -> str:
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("text:"):
            return line.split(":", 1)[1].strip().strip('"')
    raise AssertionError(path)


@pytest.mark.slow
def test_an_edited_slogan_is_served_and_the_search_index_keeps_every_slogan(served):
    path = slogan(served, "civility-05")
    old = slogan_text(path)
    edit(path, old, "遛狗拴绳，文明你我他")
    page = served.shows("s/civility-05/", "遛狗拴绳，文明你我他")
    assert old not in page.split("<article", 1)[-1].split("</h1>", 1)[0].replace("<wbr>", "")
    # its theme page lists the new text; the other slogans' pages are still there
    served.shows("slogans/civility/", "遛狗拴绳，文明你我他")
    served.until("search/search_index.json", lambda st, b: "遛狗" in json.loads(b)["docs"].__repr__(), "the new text in the index")
    assert served.get("s/civility-06/")[0] == 200
    locations = index_locations(served)
    campaign = check_campaign(served.root).campaign
    shown = {s.id for s in campaign.visible(campaign.slogans, preview=True)}
    assert {f"s/{sid}/" for sid in shown} <= locations
    status, body = served.get("search/search_index.json")
    assert any("遛狗" in d["title"] for d in json.loads(body)["docs"] if d["location"] == "s/civility-05/")


@pytest.mark.slow
def test_a_broken_edit_shows_the_finding_on_the_overlay_and_keeps_the_last_good_page(served):
    path = slogan(served, "health-04")
    text = slogan_text(path)
    served.shows("s/health-04/", text)
    good = path.read_text("utf-8")
    path.write_text(good.replace("theme: health", "theme: [health"), "utf-8")  # a YAML syntax error
    page = served.until("s/health-04/", lambda s, b: "placard-overlay" in b, "the overlay")
    overlay = page.split('id="placard-overlay"', 1)[1]
    assert "slogans/health-04.md" in overlay and "load.yaml" in overlay
    assert text in page  # the last good page, under the overlay
    assert served.status()["ok"] is False
    # every page carries it, not just the broken slogan's
    assert "placard-overlay" in served.get("")[1]
    path.write_text(good.replace(text, "健康生活，从今天开始"), "utf-8")
    served.shows("s/health-04/", "健康生活，从今天开始")
    assert served.status()["ok"] is True


@pytest.mark.slow
def test_a_half_saved_file_then_the_whole_file(served):
    path = slogan(served, "values-05")
    whole = path.read_text("utf-8").replace(slogan_text(path), "邻里守望，温暖社区")
    path.write_text(whole[: len(whole) // 3], "utf-8")  # the editor has written a third so far
    served.until("s/values-05/", lambda s, b: "placard-overlay" in b, "the overlay for a half-written file")
    path.write_text(whole, "utf-8")
    served.shows("s/values-05/", "邻里守望，温暖社区")


@pytest.mark.slow
def test_delete_recreate_and_rename(served):
    path = slogan(served, "waste-05")
    text = slogan_text(path)
    saved = path.read_text("utf-8")
    path.unlink()
    served.until("s/waste-05/", lambda s, b: s == 404, "the deleted slogan's page gone")
    indexed(served, "s/waste-05/", present=False)
    path.write_text(saved, "utf-8")
    served.shows("s/waste-05/", text)
    indexed(served, "s/waste-05/")
    # a rename: the old address goes, the new one comes
    path.rename(path.with_name("waste-55.md"))
    served.shows("s/waste-55/", text)
    served.until("s/waste-05/", lambda s, b: s == 404, "the renamed slogan's old page gone")
    indexed(served, "s/waste-55/")
    indexed(served, "s/waste-05/", present=False)


@pytest.mark.slow
def test_a_folder_moved_in_and_an_editors_atomic_save(served, tmp_path):
    outside = tmp_path / "more"
    outside.mkdir()
    src = slogan(served, "dining-03").read_text("utf-8")
    (outside / "moved-01.md").write_text(src.replace(slogan_text(slogan(served, "dining-03")), "光盘行动，从我做起"),
                                         "utf-8")
    shutil.move(str(outside), str(served.root / "slogans" / "more"))
    served.shows("s/moved-01/", "光盘行动，从我做起")
    indexed(served, "s/moved-01/")
    # an editor's save: a temporary file, renamed over the slogan
    target = slogan(served, "dining-04")
    tmp = target.with_name(".dining-04.md.tmp")
    tmp.write_text(target.read_text("utf-8").replace(slogan_text(target), "节约粮食，人人有责"), "utf-8")
    tmp.replace(target)
    served.shows("s/dining-04/", "节约粮食，人人有责")


@pytest.mark.slow
def test_a_syntax_error_in_mkdocs_yml_keeps_the_last_good_site(served):
    mk = served.root / "mkdocs.yml"
    good = mk.read_text("utf-8")
    served.shows("s/traffic-03/", "<html")
    mk.write_text(good.replace("extra:", "extra: [", 1), "utf-8")
    page = served.until("s/traffic-03/", lambda s, b: "placard-overlay" in b, "the overlay for mkdocs.yml")
    assert "mkdocs.yml" in page.split('id="placard-overlay"', 1)[1]
    mk.write_text(good, "utf-8")
    served.until("s/traffic-03/", lambda s, b: s == 200 and "placard-overlay" not in b, "the site back")


# ---------------------------------------------------------------- in memory: the same answers as a full load


def test_live_campaign_matches_a_full_load_after_edits(tmp_path):
    root = copy_example(tmp_path / "c")
    live = LiveCampaign(root)
    live.load()

    def same():
        full = check_campaign(root)
        key = sorted((f.rule, f.file, f.line, f.message) for f in full.findings)
        result = live.result
        assert sorted((f.rule, f.file, f.line, f.message) for f in result.findings) == key
        assert [s.id for s in result.campaign.slogans] == [s.id for s in full.campaign.slogans]
        assert [s.text for s in result.campaign.slogans] == [s.text for s in full.campaign.slogans]

    s = root / "slogans"
    edit(s / "civility-05.md", "theme: civility", "theme: nowhere")  # an unknown theme
    live.update([s / "civility-05.md"])
    same()
    (s / "civility-06.md").write_text((s / "civility-01.md").read_text("utf-8"), "utf-8")
    edit(s / "civility-06.md", "theme: civility", "id: civility-01\ntheme: civility")  # a duplicate id
    live.update([s / "civility-06.md"])
    same()
    (s / "traffic-01.md").unlink()  # an ad and a placement name it
    live.update([s / "traffic-01.md"])
    same()
    (s / "sub").mkdir()
    (s / "sub" / "extra-01.md").write_text('---\ntext: "新的标语"\ntheme: civility\nstatus: draft\n---\n', "utf-8")
    live.update([], rescan=True)
    same()
    shutil.rmtree(s / "sub")
    (s / "civility-06.md").unlink()
    live.update([s / "civility-06.md"], rescan=True)
    same()


# ---------------------------------------------------------------- debounce


def test_two_edits_within_100_ms_make_one_batch(tmp_path):
    now = [0.0]
    d = Debouncer(tmp_path, clock=lambda: now[0])
    d.add(tmp_path / "slogans" / "a.md")
    now[0] = 0.05
    d.add(tmp_path / "slogans" / "b.md")
    now[0] = 0.12
    assert not d.ready()  # 70 ms since the last event
    now[0] = 0.151
    assert d.ready()
    batch = d.take()
    assert batch.slogans == {tmp_path / "slogans" / "a.md", tmp_path / "slogans" / "b.md"}
    assert not batch.full
    assert not d.ready()
    now[0] = 1.0
    d.add(tmp_path / "slogans" / "c.md")
    now[0] = 1.2
    assert d.take().slogans == {tmp_path / "slogans" / "c.md"}


def test_events_keep_coming_a_batch_still_goes_after_two_seconds(tmp_path):
    now = [0.0]
    d = Debouncer(tmp_path, clock=lambda: now[0])
    for i in range(40):
        now[0] = i * 0.06
        d.add(tmp_path / "slogans" / f"s{i}.md")
        if d.ready():
            break
    assert now[0] >= 2.0 and d.ready()


def test_what_a_change_means(tmp_path):
    def one(rel: str, is_dir: bool = False) -> Batch:
        b = Batch()
        classify(b, tmp_path, tmp_path / rel, is_dir, ignored=(tmp_path / "site",))
        return b

    assert one("slogans/a.md").slogans == {tmp_path / "slogans" / "a.md"}
    assert one("slogans/sub", is_dir=True).rescan
    assert not one("slogans/a.md.swp") and not one("slogans/a.md~") and not one("slogans/4913")
    assert not one("slogans/.a.md") and not one(".cache/placard/jieba_user.txt") and not one("site/index.html")
    assert not one("slogans/index.md")  # not a slogan (the loader skips it too)
    assert one("mkdocs.yml").full and one("docs/guides/traffic.md").full and one("posters/a3.yml").full


# ---------------------------------------------------------------- in memory: the same pages as a full build


def _pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in site.rglob("*.html")}


def _index(site: Path) -> list:
    docs = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    return sorted(docs, key=lambda d: json.dumps(d, sort_keys=True, ensure_ascii=False))


@pytest.mark.slow
def test_updated_pages_and_index_equal_a_full_build(tmp_path):
    from placard.live.site import LiveSite
    from placard.mkdocs_hooks import BuildOptions

    root = copy_example(tmp_path / "c")
    live = LiveCampaign(root)
    site = LiveSite(root, BuildOptions(preview=True, posters=False))
    fresh = LiveSite(root, BuildOptions(preview=True, posters=False))
    s = root / "slogans"
    for i in range(30):  # a theme with many more slogans than a page shows
        (s / f"civility-x{i:02d}.md").write_text(f'---\ntext: "文明城市第{i}条"\ntheme: civility\nstatus: draft\n---\n',
                                                 "utf-8")
    try:
        site.full_build(live.load())
        edit(s / "civility-x10.md", "文明城市第10条", "文明城市改过的第十条")
        (s / "civility-x20.md").unlink()
        site.update(live.update([s / "civility-x10.md", s / "civility-x20.md"]))
        edit(s / "civility-05.md", slogan_text(s / "civility-05.md"), "<b>遛狗</b>拴绳 & 文明")  # hostile text too
        edit(s / "health-05.md", "theme: health", "theme: civility")  # moves to another theme
        (s / "waste-06.md").unlink()
        (s / "waste-66.md").write_text('---\ntext: "新的标语"\ntheme: waste\nstatus: draft\ntags: [新标签]\n---\n',
                                       "utf-8")
        report = site.update(live.update([s / "civility-05.md", s / "health-05.md", s / "waste-06.md",
                                          s / "waste-66.md"]))
        assert report.removed == ["s/waste-06.md"] and "s/waste-66.md" in report.added
        fresh.full_build(check_campaign(root))
        got, want = _pages(site.site_dir), _pages(fresh.site_dir)
        assert got.keys() == want.keys()
        assert [p for p in want if got[p] != want[p]] == []
        assert _index(site.site_dir) == _index(fresh.site_dir)
    finally:
        site.close()
        fresh.close()


@pytest.mark.slow
def test_an_edit_to_an_approved_slogan_is_served_only_after_its_signoffs(tmp_path):
    """serve follows the build's rule (issue 23): an edit to an approved slogan waits for its sign-offs and
    the page keeps the approved text, in serve's preview too; the approvals (files in reviews/, a full
    build) bring the new text."""
    from conftest import REPO, run_placard

    from placard.live.site import LiveSite
    from placard.mkdocs_hooks import BuildOptions

    root = copy_example(tmp_path / "c")
    shutil.copytree(REPO / "reviews", root / "reviews")
    live = LiveCampaign(root)
    site = LiveSite(root, BuildOptions(preview=True, posters=False))  # what `placard serve` shows
    md = root / "slogans" / "traffic-01.md"
    try:
        site.full_build(live.load())
        assert "安全每一天" in _pages(site.site_dir)["s/traffic-01/index.html"]
        edit(md, "安全每一天", "安全每一日")
        result = live.update([md])
        assert [f.file for f in result.findings if f.rule == "review.changed"] == ["slogans/traffic-01.md"]
        site.update(result)
        pages = _pages(site.site_dir)
        assert "安全每一天" in pages["s/traffic-01/index.html"]
        assert [p for p, text in pages.items() if "安全每一日" in text] == []
        assert "安全每一日" not in json.dumps(_index(site.site_dir), ensure_ascii=False)

        b = Batch()
        classify(b, root, root / "reviews" / "traffic-01.yml", False, ignored=())
        assert b.full  # a sign-off rebuilds the whole site
        for level, by in (("初审", "张三"), ("复审", "李四")):
            proc = run_placard("review", "approve", "traffic-01", root, "--level", level, "--by", by)
            assert proc.returncode == 0, proc.stdout + proc.stderr
        site.full_build(live.load())
        page = _pages(site.site_dir)["s/traffic-01/index.html"]
        assert "安全每一日" in page and "安全每一天" not in page
    finally:
        site.close()


# ---------------------------------------------------------------- usage mistakes


def test_a_bad_address_or_a_busy_port_is_a_clear_error(tmp_path):
    import socket

    from conftest import run_placard

    root = copy_example(tmp_path / "c", parts=("mkdocs.yml",))
    r = run_placard("serve", root, "-a", "localhost")
    assert r.returncode == 1 and "IP:PORT" in r.stderr and "Traceback" not in r.stderr
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = run_placard("serve", root, "-a", f"127.0.0.1:{port}")
    assert r.returncode == 1 and "another server" in r.stderr and "Traceback" not in r.stderr


def test_a_page_reloads_only_for_a_change_that_touches_it():
    from placard.findings import error
    from placard.live.server import LiveState, inject

    state = LiveState()
    state.publish(Path("/nowhere"), [])
    v = state.version
    state.publish(None, [], changed=["/s/a/"])  # the edited slogan's page first
    state.publish(None, [], changed=["/slogans/t/", "/"])  # then its theme page and the rest
    assert state.changed_since(v) == ["/", "/s/a/", "/slogans/t/"]
    assert state.changed_since(v + 1) == ["/", "/slogans/t/"]
    assert state.wait(state.version, timeout=0)["changed"] == []
    v = state.version
    state.publish(None, [error("load.yaml", "<b>broken</b>", file="slogans/a.md")], changed=["/s/a/"])
    assert state.changed_since(v) is None  # the overlay comes: every page
    page = inject("<html><body><p>old</p></body></html>", state)
    assert "&lt;b&gt;broken&lt;/b&gt;" in page and "<b>broken" not in page and "<p>old</p>" in page
