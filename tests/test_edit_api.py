"""placard edit's local-backend API (Decap CMS's actions), its guards, and the config made from the schema."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
import threading
from pathlib import Path

import pytest
from conftest import copy_example, free_port, placard_serve
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from placard import i18n
from placard.editor.api import EditorApi
from placard.editor.checks import Checker

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
# a JPEG's first bytes with an EXIF block (camera make "PlacardCam"): kept byte for byte
JPEG_EXIF = (
    b"\xff\xd8\xff\xe1\x00\x1cExif\x00\x00MM\x00*\x00\x00\x00\x08PlacardCam\x00\x00"
    b"\xff\xdb\x00\x43\x00" + bytes(64) + b"\xff\xd9"
)

NEW_SLOGAN = """---
id: traffic-api-01
text: 斑马线前停一停，安全文明行
theme: traffic
status: draft
---
"""


@pytest.fixture(autouse=True)
def chinese():
    was = i18n.current()
    i18n.set_language("zh-Hans")
    yield
    i18n.set_language(was)


@pytest.fixture
def api(tmp_path) -> EditorApi:
    root = copy_example(tmp_path / "c")
    return EditorApi(root, Checker(root))


def call(api: EditorApi, action, client="", **params):
    body = {"action": action, "params": {"branch": "main", **params}}
    status, answer = api.handle(json.loads(json.dumps(body)), client)
    json.dumps(answer)  # every answer is JSON
    return status, answer


def persist(api: EditorApi, path: str, raw: str, assets=(), client=""):
    return call(
        api,
        "persistEntry",
        client=client,
        dataFiles=[{"path": path, "slug": Path(path).stem, "raw": raw}],
        assets=list(assets),
        options={"commitMessage": "x", "useWorkflow": False, "status": "draft"},
    )


# ---------------------------------------------------------------------------------------------- actions


def test_info_says_it_is_a_local_backend(api):
    assert call(api, "info") == (
        200,
        {"repo": "c", "publish_modes": ["simple"], "type": "local_fs"},
    )


def test_entries_by_folder_lists_the_slogans_with_their_hashes(api):
    status, entries = call(api, "entriesByFolder", folder="slogans", extension="md", depth=1)
    assert status == 200
    paths = {e["file"]["path"] for e in entries}
    assert "slogans/civility-01.md" in paths and "slogans/traffic-01.md" in paths
    assert paths == {f"slogans/{p.name}" for p in (api.root / "slogans").glob("*.md")}
    one = next(e for e in entries if e["file"]["path"] == "slogans/civility-01.md")
    raw = (api.root / "slogans/civility-01.md").read_bytes()
    # the text as on disk, with its id (the file name) shown: the file has no 'id:' line
    assert one["data"] == raw.decode().replace("---\n", '---\nid: "civility-01"\n', 1)
    assert one["file"]["id"] == hashlib.sha256(raw).hexdigest()
    assert "一言一行显文明" in one["data"]


def test_a_folder_comes_a_page_at_a_time_in_path_order(api):
    """The editor's list asks for 100 at a time (entriesByFolderPage): every slogan once, in file-name order."""
    every = sorted(f"slogans/{p.name}" for p in (api.root / "slogans").glob("*.md"))
    assert len(every) == 46  # the example's slogans
    pages, after = [], None
    while True:
        status, answer = call(
            api,
            "entriesByFolderPage",
            folder="slogans",
            extension="md",
            depth=1,
            after=after,
            limit=20,
        )
        assert status == 200 and answer["count"] == 46
        pages.append([e["file"]["path"] for e in answer["entries"]])
        after = answer["next"]
        if after is None:
            break
        assert after == pages[-1][-1]
    assert [len(p) for p in pages] == [20, 20, 6]
    assert [path for page in pages for path in page] == every
    one = next(e for e in answer["entries"] if e["file"]["path"] == every[-1])
    raw = (api.root / every[-1]).read_bytes()
    assert every[-1] == "slogans/waste-draft-01.md"
    assert one["data"] == raw.decode().replace("---\n", '---\nid: "waste-draft-01"\n', 1)
    assert one["file"]["id"] == hashlib.sha256(raw).hexdigest()


def test_a_file_added_between_two_pages_repeats_and_skips_nothing(api):
    status, first = call(
        api, "entriesByFolderPage", folder="slogans", extension="md", depth=1, after=None, limit=10
    )
    assert status == 200 and first["next"] == "slogans/dining-03.md"
    (api.root / "slogans/aaa-new.md").write_text(NEW_SLOGAN, "utf-8")  # sorts before the page's end
    (api.root / "slogans/dining-04.md").unlink()  # the first of the next page, deleted
    status, second = call(
        api,
        "entriesByFolderPage",
        folder="slogans",
        extension="md",
        depth=1,
        after=first["next"],
        limit=10,
    )
    paths = [e["file"]["path"] for e in second["entries"]]
    assert paths[0] == "slogans/dining-05.md"
    assert not {e["file"]["path"] for e in first["entries"]} & set(paths)
    assert second["count"] == 46  # one more, one less


@pytest.mark.parametrize(
    "params",
    [
        {"after": None, "limit": 0},
        {"after": None, "limit": 1001},
        {"after": None, "limit": "100"},
        {"after": None, "limit": True},
        {"after": 5, "limit": 100},
        {"after": "x" * 500, "limit": 100},
    ],
)
def test_a_page_request_of_the_wrong_shape_is_a_clear_error(api, params):
    status, answer = call(
        api, "entriesByFolderPage", folder="slogans", extension="md", depth=1, **params
    )
    assert status == 422
    assert answer["error"] == "“after”须为路径或 null，“limit”须为 1 到 1000 之间的整数"


def test_entries_by_files_and_get_entry(api):
    status, entries = call(
        api,
        "entriesByFiles",
        files=[{"path": "slogans/traffic-01.md", "label": "x"}, {"path": "slogans/none.md"}],
    )
    assert status == 200
    assert entries[0]["file"] == {
        "path": "slogans/traffic-01.md",
        "label": "x",
        "id": hashlib.sha256((api.root / "slogans/traffic-01.md").read_bytes()).hexdigest(),
    }
    assert entries[1] == {"data": None, "file": {"path": "slogans/none.md", "id": None}}
    status, entry = call(api, "getEntry", path="posters/placements/fenghuang-hoarding.yml")
    assert status == 200 and "凤凰路地铁站施工围挡" in entry["data"]


def test_an_entry_without_an_id_line_shows_its_file_name_as_id(api):
    """placard takes the file name as id when there is no 'id:'; the form's required id is filled with it
    (a clerk could not save the example's lists otherwise); the file itself is not touched by reading."""
    rel = "posters/placements/fenghuang-hoarding.yml"
    before = (api.root / rel).read_bytes()
    status, entry = call(api, "getEntry", path=rel)
    assert status == 200 and entry["data"].startswith('id: "fenghuang-hoarding"\n# 凤凰路地铁站施工围挡')
    assert (api.root / rel).read_bytes() == before
    status, entry = call(api, "getEntry", path="slogans/traffic-01.md")
    assert entry["data"].startswith('---\nid: "traffic-01"\ntext: "礼让斑马线，安全每一天"\n')
    # a file with its own id keeps it, and a patrol record (named by list and date) gets none
    (api.root / "slogans" / "own.md").write_text('---\nid: own-id\ntext: "文明出行"\n---\n', "utf-8")
    assert call(api, "getEntry", path="slogans/own.md")[1]["data"] == '---\nid: own-id\ntext: "文明出行"\n---\n'
    patrol = next((api.root / "posters" / "patrols").glob("*.yml")).relative_to(api.root).as_posix()
    assert "\nid:" not in "\n" + call(api, "getEntry", path=patrol)[1]["data"]


def test_a_new_slogan_is_written_as_sent_and_checked(api):
    status, answer = persist(api, "slogans/traffic-api-01.md", NEW_SLOGAN)
    assert status == 200, answer
    assert (api.root / "slogans/traffic-api-01.md").read_text("utf-8") == NEW_SLOGAN
    assert [f for f in answer["findings"] if f["severity"] == "error"] == []
    assert not [
        p for p in (api.root / "slogans").iterdir() if p.name.startswith(".")
    ]  # no temporary file


def test_a_slogan_with_an_error_is_held_with_its_finding_by_field(api):
    bad = NEW_SLOGAN.replace("status: draft", "status: aproved")
    status, answer = persist(api, "slogans/traffic-api-01.md", bad)
    assert status == 422
    assert answer["held"] is True
    assert not (api.root / "slogans/traffic-api-01.md").exists()
    fields = {f["field"] for f in answer["findings"] if f["severity"] == "error"}
    assert fields == {"status"}
    assert (
        "未保存" in answer["error"]
        and "aproved" in answer["error"]
        and "approved" in answer["error"]
    )


def test_a_date_out_of_order_is_held(api):
    bad = NEW_SLOGAN.replace(
        "status: draft", "status: draft\nvalid_from: 2026-12-01\nvalid_to: 2026-11-01"
    )
    status, answer = persist(api, "slogans/traffic-api-01.md", bad)
    assert status == 422
    assert [f["field"] for f in answer["findings"] if f["severity"] == "error"] == ["valid_to"]
    assert not (api.root / "slogans/traffic-api-01.md").exists()


def test_an_edit_of_an_existing_slogan_after_reading_it(api):
    call(api, "getEntry", path="slogans/traffic-01.md")
    path = api.root / "slogans/traffic-01.md"
    new = path.read_text("utf-8").replace("安全每一天", "平安每一天")
    status, answer = persist(api, "slogans/traffic-01.md", new)
    assert status == 200, answer
    assert "平安每一天" in path.read_text("utf-8")
    # and once more, without reading again: the editor knows what it wrote
    status, _answer = persist(api, "slogans/traffic-01.md", new.replace("平安每一天", "安全每一天"))
    assert status == 200


def test_a_placement_list_with_a_bad_kind_is_held(api):
    rel = "posters/placements/fenghuang-hoarding.yml"
    call(api, "getEntry", path=rel)
    before = (api.root / rel).read_text("utf-8")
    status, answer = persist(
        api,
        rel,
        before.replace(
            "kind: commercial, advertiser: 光明通信", "kind: comercial, advertiser: 光明通信"
        ),
    )
    assert status == 422
    assert any(f["field"] and "kind" in f["field"] for f in answer["findings"])
    assert (api.root / rel).read_text("utf-8") == before


def test_a_file_changed_on_disk_is_not_overwritten(api):
    rel = "slogans/traffic-01.md"
    call(api, "getEntry", path=rel)
    path = api.root / rel
    theirs = path.read_text("utf-8").replace("安全每一天", "别人改的")
    path.write_text(theirs, "utf-8")
    status, answer = persist(api, rel, theirs.replace("别人改的", "我改的"))
    assert status == 409
    assert "磁盘" in answer["error"] and rel in answer["error"]
    assert path.read_text("utf-8") == theirs


def test_an_existing_file_the_editor_never_read_is_not_overwritten(api):
    path = api.root / "slogans/traffic-01.md"
    before = path.read_text("utf-8")
    status, answer = persist(
        api, "slogans/traffic-01.md", NEW_SLOGAN.replace("traffic-api-01", "traffic-01")
    )
    assert status == 409 and "已经存在" in answer["error"]
    assert path.read_text("utf-8") == before


def test_two_saves_of_the_same_entry_at_once(api):
    """Two tabs opened the same slogan; both save at once: one is written, the other is a conflict."""
    rel = "slogans/traffic-01.md"
    call(api, "getEntry", client="tab-a", path=rel)
    call(api, "getEntry", client="tab-b", path=rel)
    path = api.root / rel
    base = path.read_text("utf-8")
    texts = [base.replace("安全每一天", "甲改的"), base.replace("安全每一天", "乙改的")]
    results = [None, None]
    start = threading.Barrier(2)

    def save(i):
        start.wait()
        results[i] = persist(api, rel, texts[i], client=("tab-a", "tab-b")[i])

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(r[0] for r in results)
    assert statuses == [200, 409]
    winner = texts[[r[0] for r in results].index(200)]
    assert path.read_text("utf-8") == winner  # one whole text, never a mix


def test_unknown_action_is_a_clear_chinese_error(api):
    status, answer = call(api, "formatHardDisk")
    assert status == 422
    assert answer["error"].startswith("未知的操作“formatHardDisk”")
    assert "persistEntry" in answer["error"]


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        "info",
        3,
        {"params": {}},
        {"action": "getEntry", "params": []},
        {"action": "getEntry", "params": {"path": 5}},
        {"action": "persistEntry", "params": {"dataFiles": "x"}},
        {"action": "persistEntry", "params": {"dataFiles": [{"path": "slogans/a.md"}]}},
        {"action": "entriesByFolder", "params": {"folder": "slogans", "depth": "9"}},
        {"action": "__init__"},
        {"action": "_do_info"},
    ],
)
def test_bodies_of_the_wrong_shape(api, body):
    status, answer = api.handle(body)
    assert 400 <= status < 500
    assert isinstance(answer["error"], str) and answer["error"]
    assert "Traceback" not in answer["error"]
    assert any("\u4e00" <= c <= "\u9fff" for c in answer["error"])  # in Chinese


HOSTILE = {
    "../outside.md": "指向文件夹之外",
    "slogans/../../outside.md": "指向文件夹之外",
    "/etc/passwd": "绝对路径",
    "C:/Windows/win.ini": "绝对路径",
    "slogans/a\x00.md": "字符",
    "slogans/" + "长" * 300 + ".md": "最多",
    "slogans/CON.md": "Windows",
    "slogans/nul": "Windows",
    "slogans/.hidden.md": "隐藏",
    ".git/config": "隐藏",
    "mkdocs.yml": "不在编辑器可编辑的文件夹内",
    "slogans\\..\\mkdocs.yml": "字符",
    "slogans/link/x.md": "符号链接",
}


@pytest.mark.parametrize("path", sorted(HOSTILE))
def test_hostile_paths_are_refused_for_reading_and_writing(api, tmp_path, path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (api.root / "slogans" / "link").symlink_to(outside, target_is_directory=True)
    before = _snapshot(tmp_path)
    for action, params in (
        ("getEntry", {"path": path}),
        ("getMediaFile", {"path": path}),
        ("deleteFile", {"path": path, "options": {"commitMessage": "x"}}),
        ("entriesByFolder", {"folder": path, "extension": "md", "depth": 1}),
        ("entriesByFolderPage", {"folder": path, "extension": "md", "depth": 1, "limit": 10}),
    ):
        status, answer = call(api, action, **params)
        assert status in (400, 403), (action, answer)
        assert HOSTILE[path] in answer["error"], answer["error"]
    status, answer = persist(api, path, NEW_SLOGAN)
    assert status in (400, 403, 415) and answer["error"]
    assert _snapshot(tmp_path) == before


def test_a_symlinked_slogan_is_neither_read_nor_written(api, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("secret", "utf-8")
    (api.root / "slogans/leak.md").symlink_to(secret)
    status, answer = call(api, "getEntry", path="slogans/leak.md")
    assert status == 403 and "符号链接" in answer["error"]
    status, _ = persist(api, "slogans/leak.md", NEW_SLOGAN)
    assert status == 403
    assert secret.read_text("utf-8") == "secret"
    _status, entries = call(api, "entriesByFolder", folder="slogans", extension="md", depth=1)
    assert "slogans/leak.md" not in {e["file"]["path"] for e in entries}


# ---------------------------------------------------------------------------------------------- media


def media(api, path, data: bytes):
    return call(
        api,
        "persistMedia",
        asset={"path": path, "content": base64.b64encode(data).decode(), "encoding": "base64"},
        options={"commitMessage": "x"},
    )


def test_a_photo_is_written_byte_for_byte_with_its_exif(api):
    status, answer = media(api, "posters/patrols/photos/2026-12/IMG_1.jpg", JPEG_EXIF)
    assert status == 200
    written = (api.root / "posters/patrols/photos/2026-12/IMG_1.jpg").read_bytes()
    assert written == JPEG_EXIF and b"PlacardCam" in written
    assert answer["name"] == "IMG_1.jpg" and base64.b64decode(answer["content"]) == JPEG_EXIF
    status, listed = call(api, "getMedia", mediaFolder="posters/patrols/photos/2026-12")
    assert [m["path"] for m in listed] == ["posters/patrols/photos/2026-12/IMG_1.jpg"]


def test_an_artwork_upload_with_its_ad(api):
    ad = (api.root / "docs/ads/banmaxian.md").read_text("utf-8")
    new = ad.replace("id: ad-banmaxian", "id: ad-new").replace("banmaxian.png", "new-art.png")
    asset = {
        "path": "docs/ads/new-art.png",
        "content": base64.b64encode(PNG).decode(),
        "encoding": "base64",
    }
    status, answer = persist(api, "docs/ads/ad-new.md", new, [asset])
    assert status == 200, answer
    assert (api.root / "docs/ads/new-art.png").read_bytes() == PNG


@pytest.mark.parametrize(
    "name,data,status,words",
    [
        ("evil.png", b"<script>alert(1)</script>", 415, "不是 PNG"),
        ("page.html", PNG, 415, "只能上传图片"),
        ("a.jpg", PNG[:0], 415, "不是 PNG"),
    ],
)
def test_uploads_that_are_not_images_are_refused(api, name, data, status, words):
    got, answer = media(api, f"posters/patrols/photos/{name}", data)
    assert got == status and words in answer["error"]
    assert not (api.root / "posters/patrols/photos" / name).exists()


def test_an_oversized_upload_is_refused(api, monkeypatch):
    import placard.editor.api as mod

    monkeypatch.setattr(mod, "UPLOAD_MAX", 1000)
    status, answer = media(api, "posters/patrols/photos/big.png", PNG + bytes(2000))
    assert status == 413 and "MB" in answer["error"]
    assert not (api.root / "posters/patrols/photos/big.png").exists()


def test_delete_removes_an_entry(api):
    status, _ = call(
        api, "deleteFiles", paths=["slogans/traffic-draft-01.md"], options={"commitMessage": "x"}
    )
    assert status == 200 and not (api.root / "slogans/traffic-draft-01.md").exists()


# ---------------------------------------------------------------------------------------------- over HTTP


@pytest.fixture
def served(tmp_path):
    from placard.editor.web import Editor
    from placard.live.server import LiveState, make_server

    root = copy_example(tmp_path / "c")
    ed = Editor(root)
    server = make_server("127.0.0.1", 0, LiveState(), editor=ed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, ed, server.server_address[1]
    server.shutdown()
    server.server_close()


def post(port, body: bytes, headers: dict) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("POST", "/api/v1", body=body, headers=headers)
    r = conn.getresponse()
    data = r.read()
    return r.status, json.loads(data)


INFO = json.dumps({"action": "info"}).encode()


def test_http_the_editor_answers_its_own_page(served):
    _root, _ed, port = served
    status, answer = post(
        port, INFO, {"Content-Type": "application/json", "Origin": f"http://127.0.0.1:{port}"}
    )
    assert status == 200 and answer["type"] == "local_fs"


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "http://127.0.0.1:1"},
        {"Host": "evil.example"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_http_requests_from_another_site_are_refused(served, headers):
    root, _ed, port = served
    body = json.dumps(
        {
            "action": "persistEntry",
            "params": {
                "dataFiles": [{"path": "slogans/x-01.md", "raw": NEW_SLOGAN, "slug": "x"}],
                "assets": [],
            },
        }
    ).encode()
    status, answer = post(port, body, {"Content-Type": "application/json", **headers})
    assert status == 403 and "已拒绝" in answer["error"]
    assert not (root / "slogans/x-01.md").exists()


def test_http_a_form_post_is_refused(served):
    _root, _ed, port = served
    status, answer = post(
        port, b"action=info", {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 415 and "JSON" in answer["error"]


def test_http_a_broken_body_is_a_clear_error(served):
    _root, _ed, port = served
    status, answer = post(port, b"{not json", {"Content-Type": "application/json"})
    assert status == 400 and answer["error"] == "请求不是有效的 JSON"
    status, answer = post(port, b"[" * 100000, {"Content-Type": "application/json"})
    assert status == 400


def test_http_with_a_token_every_request_needs_it(tmp_path):
    from placard.editor.web import Editor
    from placard.live.server import LiveState, make_server

    root = copy_example(tmp_path / "c")
    ed = Editor(root, token="s3cret-token")
    server = make_server("127.0.0.1", 0, LiveState(), editor=ed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        status, answer = post(port, INFO, {"Content-Type": "application/json"})
        assert status == 403 and "令牌" in answer["error"]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/admin/")
        assert conn.getresponse().status == 403
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/admin/?token=s3cret-token")
        r = conn.getresponse()
        assert r.status == 200
        cookie = r.getheader("Set-Cookie").split(";")[0]
        status, answer = post(port, INFO, {"Content-Type": "application/json", "Cookie": cookie})
        assert status == 200
    finally:
        server.shutdown()
        server.server_close()


def test_http_admin_page_loads_the_shipped_bundle_and_nothing_else(served):
    _root, _ed, port = served
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/admin/")
    page = conn.getresponse().read().decode()
    assert '<script src="decap-cms.js?v=3.16.3"></script>' in page
    assert "CMS_MANUAL_INIT = true" in page and "CMS.init({config: config})" in page
    assert 'CMS.registerBackend("placard", PlacardBackend)' in page and "var PAGE = 100;" in page
    assert '"locale": "zh_Hans"' in page and '"load_config_file": false' in page
    assert "http://" not in page.replace("http://127.0.0.1", "") and "https://" not in page
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/admin/decap-cms.js?v=3.16.3")
    r = conn.getresponse()
    assert r.status == 200 and len(r.read()) > 4_000_000
    assert "immutable" in r.getheader("Cache-Control")
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/admin/..%2f..%2fmkdocs.yml")
    assert conn.getresponse().status == 404


# ---------------------------------------------------------------------------------------------- config


def test_config_from_the_schema(tmp_path):
    from placard.editor.config import decap_config

    root = copy_example(tmp_path / "c")
    cfg = decap_config(root)
    assert cfg["locale"] == "zh_Hans" and cfg["load_config_file"] is False
    coll = {c["name"]: c for c in cfg["collections"]}
    assert set(coll) == {"slogans", "guides", "ads", "placements", "patrols", "approved"}
    assert coll["slogans"]["folder"] == "slogans" and coll["slogans"]["label"] == "标语口号"
    slogan = {f["name"]: f for f in coll["slogans"]["fields"]}
    assert slogan["text"]["required"] is True and slogan["text"]["label"] == "标语内容"
    assert slogan["text"]["hint"] == "标语文字；在海报需要换行处写“|”"
    assert slogan["status"]["options"] == [
        {"label": "草稿", "value": "draft"},
        {"label": "已审核", "value": "approved"},
        {"label": "已停用", "value": "retired"},
    ]
    assert (
        slogan["valid_from"]["widget"] == "datetime"
        and slogan["valid_from"]["format"] == "YYYY-MM-DD"
    )
    assert slogan["valid_from"]["time_format"] is False
    assert {o["value"] for o in slogan["theme"]["options"]} >= {"traffic", "civility"}
    assert slogan["id"]["pattern"][0] == "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
    ad = {f["name"]: f for f in coll["ads"]["fields"]}
    assert ad["artwork"]["widget"] == "image"
    lists = {f["name"]: f for f in coll["placements"]["fields"]}
    assert coll["placements"]["format"] == "yml"
    slots = {f["name"]: f for f in lists["slots"]["fields"]}
    assert lists["slots"]["widget"] == "list"
    assert slots["kind"]["options"] == [
        {"label": "公益", "value": "public"},
        {"label": "商业", "value": "commercial"},
        {"label": "空置", "value": "vacant"},
    ]
    # ref: any approved item, whatever its kind (a relation to the list the API makes, see below)
    assert slots["ref"]["widget"] == "relation" and slots["ref"]["collection"] == "approved"
    assert slots["ref"]["file"] == "items" and slots["ref"]["value_field"] == "items.*.id"
    approved = coll["approved"]
    assert approved["hide"] is True and approved["create"] is False
    assert approved["files"][0]["name"] == "items"
    assert approved["files"][0]["file"] == "placard-approved-items.json"
    assert cfg["backend"]["name"] == "placard" and "local_backend" not in cfg
    assert slots["from"]["widget"] == "datetime"
    assert {f["name"] for f in lists["period"]["fields"]} == {"from", "to"}
    assert lists["type"]["options"][0] == {"label": "道旗", "value": "banner"}
    records = {f["name"]: f for f in coll["patrols"]["fields"]}
    rec = {f["name"]: f for f in records["records"]["fields"]}
    assert rec["photos"]["field"]["widget"] == "image"
    assert {"label": "完好", "value": "ok"} in rec["status"]["options"]


def test_a_slot_ref_offers_approved_slogans_guides_and_ads(api):
    """The ref field's choices: the example's approved items of all three kinds, nothing unapproved."""
    guide = api.root / "docs/guides/health.md"
    guide.write_text(guide.read_text("utf-8").replace("status: approved", "status: draft"), "utf-8")
    status, entries = call(
        api, "entriesByFiles", files=[{"path": "placard-approved-items.json", "label": "x"}]
    )
    assert status == 200
    items = {i["id"]: i for i in json.loads(entries[0]["data"])["items"]}
    assert items["guide-dining"] == {
        "id": "guide-dining",
        "kind": "guide",
        "title": "文明餐桌指南",
        "label": "文明指南 guide-dining　文明餐桌指南",
    }
    assert items["ad-banmaxian"]["label"] == "公益广告 ad-banmaxian　礼让斑马线"
    assert items["civility-01"]["kind"] == "slogan"
    assert "guide-health" not in items  # a draft is not offered
    status, entry = call(api, "getEntry", path="placard-approved-items.json")
    assert status == 200 and "ad-banmaxian" in entry["data"]
    # it is made, not a file: the editor neither writes nor deletes it
    status, answer = persist(api, "placard-approved-items.json", '{"items": []}')
    assert status == 403 and "不在编辑器可编辑的文件夹内" in answer["error"]
    status, _answer = call(api, "deleteFile", path="placard-approved-items.json")
    assert status == 403
    assert not (api.root / "placard-approved-items.json").exists()


def test_a_field_added_to_the_schema_appears_in_the_editor(tmp_path, monkeypatch):
    import placard.load
    import placard.placements.load as pl
    from placard.editor.config import decap_config
    from placard.schema import Field

    monkeypatch.setattr(
        placard.load,
        "SLOGAN_FIELDS",
        (
            *placard.load.SLOGAN_FIELDS,
            Field("district", "enum", required=True, choices=("光明", "南山"), help="the district"),
        ),
    )
    monkeypatch.setattr(
        pl, "SLOT_FIELDS", (*pl.SLOT_FIELDS, Field("lamp_post", "int", minimum=1, maximum=999))
    )
    root = copy_example(tmp_path / "c")
    coll = {c["name"]: c for c in decap_config(root)["collections"]}
    district = next(f for f in coll["slogans"]["fields"] if f["name"] == "district")
    assert district == {
        "name": "district",
        "label": "district",
        "required": True,
        "hint": "the district",
        "widget": "select",
        "options": [{"label": "光明", "value": "光明"}, {"label": "南山", "value": "南山"}],
    }
    slots = next(f for f in coll["placements"]["fields"] if f["name"] == "slots")
    lamp = next(f for f in slots["fields"] if f["name"] == "lamp_post")
    assert (
        lamp["widget"] == "number"
        and lamp["value_type"] == "int"
        and (lamp["min"], lamp["max"]) == (1, 999)
    )


# ---------------------------------------------------------------------------------------------- fuzz


def _snapshot(base: Path) -> dict[str, bytes]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(base):
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            p = os.path.join(dirpath, name)
            out[os.path.relpath(p, base)] = (
                os.readlink(p).encode() if os.path.islink(p) else open(p, "rb").read()
            )
    return out


_paths = st.one_of(
    st.sampled_from(
        sorted(HOSTILE)
        + [
            "slogans/x.md",
            "slogans",
            "slogans/",
            "docs/ads/a.png",
            "posters/patrols/p.yml",
            "slogans/link/../../mkdocs.yml",
            "slogans/./x.md",
            "slogans//x.md",
            "slogans/%2e%2e/x.md",
            "slogans/\u202e.md",
            "slogans/x.md\n",
            "",
            " ",
        ]
    ),
    st.text(max_size=40).map(lambda t: "slogans/" + t),
    st.text(max_size=40),
    st.integers(),
    st.none(),
    st.lists(st.text(max_size=5), max_size=2),
)
_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda kids: (
        st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=8), kids, max_size=3)
    ),
    max_leaves=6,
)
_raw = st.one_of(
    st.sampled_from([NEW_SLOGAN, "---\n: : :\n---\n", "---\ntext: [\n---\n", "slots: {", "\x00"]),
    st.text(max_size=60),
)
_asset = st.fixed_dictionaries(
    {
        "path": _paths,
        "content": st.one_of(st.just(base64.b64encode(PNG).decode()), st.text(max_size=20)),
        "encoding": st.sampled_from(["base64", "utf8", None]),
    }
)
_bodies = st.one_of(
    st.fixed_dictionaries(
        {
            "action": st.sampled_from(["getEntry", "getMediaFile", "deleteFile"]),
            "params": st.fixed_dictionaries({"path": _paths}),
        }
    ),
    st.fixed_dictionaries(
        {
            "action": st.just("deleteFiles"),
            "params": st.fixed_dictionaries({"paths": st.lists(_paths, max_size=3)}),
        }
    ),
    st.fixed_dictionaries(
        {
            "action": st.just("entriesByFolder"),
            "params": st.fixed_dictionaries(
                {
                    "folder": _paths,
                    "extension": st.one_of(st.text(max_size=4), st.integers()),
                    "depth": st.one_of(st.integers(-5, 1000), st.text(max_size=3)),
                }
            ),
        }
    ),
    st.fixed_dictionaries(
        {
            "action": st.just("entriesByFolderPage"),
            "params": st.fixed_dictionaries(
                {
                    "folder": _paths,
                    "extension": st.one_of(st.text(max_size=4), st.integers()),
                    "depth": st.one_of(st.integers(-5, 1000), st.text(max_size=3)),
                    "after": st.one_of(st.none(), _paths, _values),
                    "limit": st.one_of(st.integers(-5, 2000), _values),
                }
            ),
        }
    ),
    st.fixed_dictionaries(
        {
            "action": st.just("entriesByFiles"),
            "params": st.fixed_dictionaries(
                {
                    "files": st.one_of(
                        st.lists(st.fixed_dictionaries({"path": _paths}), max_size=3), _values
                    )
                }
            ),
        }
    ),
    st.fixed_dictionaries(
        {
            "action": st.just("persistEntry"),
            "params": st.fixed_dictionaries(
                {
                    "dataFiles": st.lists(
                        st.fixed_dictionaries(
                            {"path": _paths, "raw": _raw, "slug": st.text(max_size=5)}
                        ),
                        max_size=2,
                    ),
                    "assets": st.one_of(st.lists(_asset, max_size=2), _values),
                }
            ),
        }
    ),
    st.fixed_dictionaries(
        {"action": st.just("persistMedia"), "params": st.fixed_dictionaries({"asset": _asset})}
    ),
    st.fixed_dictionaries(
        {"action": st.just("getMedia"), "params": st.fixed_dictionaries({"mediaFolder": _paths})}
    ),
    st.fixed_dictionaries({"action": st.one_of(st.text(max_size=12), _values), "params": _values}),
    _values,
)


def test_fuzz_hostile_requests_change_nothing_outside_and_never_crash(tmp_path):
    root = copy_example(tmp_path / "c")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.md").write_text("outside", "utf-8")
    (root / "slogans" / "link").symlink_to(outside, target_is_directory=True)
    (root / "slogans" / "leak.md").symlink_to(outside / "keep.md")
    api = EditorApi(root, Checker(root))
    editable = api.folders()

    def frozen() -> dict:
        return {
            k: v
            for k, v in _snapshot(tmp_path).items()
            if not k.startswith(
                os.path.join("c", ".cache") + os.sep
            )  # placard's own cache of the load
            and not any(k.startswith(os.path.join("c", f) + os.sep) for f in editable)
            or os.path.join("c", "slogans", "link") in k
            or k.endswith("leak.md")
        }

    before = frozen()
    seen = {"n": 0}

    @settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_bodies)
    @example(
        {
            "action": "persistEntry",
            "params": {
                "dataFiles": [{"path": "slogans/link/x.md", "raw": NEW_SLOGAN, "slug": "x"}],
                "assets": [],
            },
        }
    )
    @example({"action": "deleteFile", "params": {"path": "slogans/leak.md"}})
    def run(body):
        seen["n"] += 1
        status, answer = api.handle(json.loads(json.dumps(body)))
        assert status < 500
        text = json.dumps(answer, ensure_ascii=False)
        assert "Traceback" not in text and 'File "' not in text
        if status >= 400:
            assert isinstance(answer["error"], str) and answer["error"]

    run()
    assert seen["n"] >= 500
    assert frozen() == before
    assert (outside / "keep.md").read_text("utf-8") == "outside"


def test_retiring_a_slogan_a_list_carries_shows_the_lists_finding(api):
    """A change that breaks another file: the slogan is saved, the placement list's finding is shown."""
    rel = "slogans/civility-02.md"  # on slot h03 of posters/placements/fenghuang-hoarding.yml
    call(api, "getEntry", path=rel)
    text = (api.root / rel).read_text("utf-8").replace("status: approved", "status: retired")
    status, answer = persist(api, rel, text)
    assert status == 200
    assert "status: retired" in (api.root / rel).read_text("utf-8")
    others = [f for f in answer["findings"] if f["file"] != rel]
    assert any(
        f["file"].startswith("posters/placements/") and "civility-02" in f["message"]
        for f in others
    ), others


@pytest.mark.slow
def test_serve_offers_the_editor_and_its_preview_shows_a_save(tmp_path):
    """placard serve: a slogan saved through /api/v1 shows on its preview page, as the site renders it."""
    root = copy_example(tmp_path / "c")
    with placard_serve(root) as (base, _proc):
        port = int(base.rsplit(":", 1)[1].strip("/"))
        base = base.rstrip("/")
        _editor_save_shows_in_preview(base, port)


def _editor_save_shows_in_preview(base: str, port: int) -> None:
    import time
    import urllib.request

    def page(url):
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                return r.read().decode("utf-8")
        except OSError:
            return ""

    def wait(url, needle, seconds=300):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if needle in (got := page(url)):
                return got
            time.sleep(0.5)
        raise AssertionError(f"{needle!r} never appeared at {url}")

    wait(base + "/s/traffic-01/", "礼让斑马线")
    assert "CMS.init" in page(base + "/admin/")
    body = json.dumps(
        {
            "action": "persistEntry",
            "params": {
                "dataFiles": [
                    {
                        "path": "slogans/traffic-api-01.md",
                        "raw": NEW_SLOGAN,
                        "slug": "traffic-api-01",
                    }
                ],
                "assets": [],
                "options": {"commitMessage": "x", "useWorkflow": False, "status": "draft"},
            },
        }
    ).encode()
    status, answer = post(port, body, {"Content-Type": "application/json"})
    assert status == 200, answer
    wait(base + "/s/traffic-api-01/", "斑马线前停一停")


def test_get_media_file_delete_file_and_the_quiet_actions(api):
    status, answer = call(api, "getMediaFile", path="docs/ads/banmaxian.png")
    raw = (api.root / "docs/ads/banmaxian.png").read_bytes()
    assert (
        status == 200
        and base64.b64decode(answer["content"]) == raw
        and answer["name"] == "banmaxian.png"
    )
    assert answer["id"] == hashlib.sha256(raw).hexdigest()
    status, answer = call(api, "getMediaFile", path="docs/ads/none.png")
    assert status == 404 and "不存在" in answer["error"]
    status, answer = call(
        api, "deleteFile", path="slogans/traffic-draft-01.md", options={"commitMessage": "x"}
    )
    assert status == 200 and not (api.root / "slogans/traffic-draft-01.md").exists()
    assert call(api, "getDeployPreview", collection="slogans", slug="x") == (200, None)
    assert call(api, "unpublishedEntries") == (200, [])


# ---------------------------------------------------------------------------------------------- the command


def _start_edit(root: Path, *extra: str):
    import subprocess
    import sys

    from conftest import env

    port = free_port()
    e = env()
    e["PLACARD_LANG"] = "zh-Hans"
    proc = subprocess.Popen(
        [sys.executable, "-m", "placard", "edit", str(root), "--port", str(port), *extra],
        env=e,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return proc, port, proc.stdout.readline()


def test_placard_edit_listens_on_this_computer_without_a_token(tmp_path):
    root = copy_example(tmp_path / "c")
    proc, port, line = _start_edit(root)
    try:
        assert line.strip() == f"placard：编辑器：http://127.0.0.1:{port}/admin/（按 Ctrl+C 停止）"
        status, answer = post(port, INFO, {"Content-Type": "application/json"})
        assert status == 200 and answer["repo"] == "c"
    finally:
        proc.terminate()
        proc.wait(30)


def test_placard_edit_on_another_address_requires_the_printed_token(tmp_path):
    import re

    root = copy_example(tmp_path / "c")
    proc, port, line = _start_edit(root, "--host", "0.0.0.0")
    try:
        token = re.search(r"\?token=([A-Za-z0-9_-]{20,})", line).group(1)
        # a colleague's browser names the office address; a page of another site is still refused
        headers = {"Content-Type": "application/json", "Host": f"192.168.1.20:{port}"}
        status, answer = post(port, INFO, headers)
        assert status == 403 and "令牌" in answer["error"]
        status, _answer = post(port, INFO, {**headers, "Cookie": f"placard_editor={token}"})
        assert status == 200
        status, answer = post(
            port,
            INFO,
            {**headers, "Cookie": f"placard_editor={token}", "Origin": "http://evil.example"},
        )
        assert status == 403 and "已拒绝" in answer["error"]
    finally:
        proc.terminate()
        proc.wait(30)


def test_placard_edit_outside_a_campaign_is_a_clear_error(tmp_path):
    from conftest import run_placard

    proc = run_placard("--lang", "zh-Hans", "edit", str(tmp_path))
    assert proc.returncode == 1
    assert "这里没有 mkdocs.yml" in proc.stderr and "Traceback" not in proc.stderr
