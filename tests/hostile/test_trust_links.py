"""Issue 20 item 12: addresses a campaign publishes, and who the preview server answers.

``site_url`` is printed into every QR code: a user name and password, markup or a host that is no
host name (``https://-/``) are findings. Action links must be https:// (or mailto:, or a page of
the site): http://, a Windows share (``\\\\host``), file:, javascript: and data: are refused.
``placard serve`` answers only the Host names it listens as: a web page on evil.example that
resolves its name to 127.0.0.1 (DNS rebinding) gets 421, not the preview.
"""

from __future__ import annotations

import http.client
import threading
from pathlib import Path

import pytest
from conftest import write
from hostile_support import run_cli as run

from placard.live.server import LiveState, make_server


def edit(root: Path, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` in mkdocs.yml; the line of ``new``."""
    cfg = root / "mkdocs.yml"
    text = cfg.read_text("utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    cfg.write_text(text, "utf-8")
    return text[: text.index(new)].count("\n") + 1


@pytest.mark.parametrize(
    "url, why",
    [
        ("https://admin:hunter2@wm.example.cn/", "user name or password"),
        ("https://wm.example.cn/<script>", "markup, quotes or a backslash"),
        ('https://wm.example.cn/"onmouseover=x', "markup, quotes or a backslash"),
        ("https://-/", "'-' as its host, which is not a host name"),
        ("https://wm..example.cn/", "not a host name"),
    ],
)
def test_a_site_url_qr_codes_must_not_carry_is_a_finding(campaign, capsys, url, why):
    line = edit(campaign, "site_url: https://wm.guangming.example.cn/", f"site_url: '{url}'")
    code, out = run("check", campaign, capsys=capsys)
    assert code == 1, out
    assert f"mkdocs.yml:{line}: error [config.bad-value] field 'site_url'" in out, out
    assert why in out and "Traceback" not in out


def test_a_chinese_domain_is_a_good_site_url(campaign, capsys):
    edit(
        campaign, "site_url: https://wm.guangming.example.cn/", "site_url: https://文明.光明.中国/"
    )
    code, out = run("check", campaign, capsys=capsys)
    assert code == 0 and "site_url" not in out, out


@pytest.mark.parametrize(
    "href, why",
    [
        ("http://wm.example.cn/report", "uses http://"),
        ("'\\\\fileserver\\share\\report.html'", "backslash"),
        ("file:///etc/passwd", "is refused: a file: link"),
        ("'javascript:alert(1)'", "is refused: a javascript: link runs code"),
        ("'data:text/html,<b>x</b>'", "is refused: a data: link"),
        ("'data:text/html;base64,PGI+eDwvYj4='", "is refused: a data: link"),
        ("'ftp://files.example.cn/report'", "only https://, mailto: and sms: links"),
    ],
)
def test_action_links_must_be_https(campaign, capsys, href, why):
    line = edit(campaign, "href: actions.md#volunteer", f"href: {href}")
    code, out = run("check", campaign, capsys=capsys)
    assert code == 1, out
    assert f"mkdocs.yml:{line}: error [actions.href] field 'extra.placard.actions.href'" in out, out
    assert why in out and "Traceback" not in out


@pytest.fixture
def server(tmp_path):
    site = tmp_path / "site"
    write(site / "index.html", "<html><body>预览</body></html>")
    state = LiveState()
    state.publish(site, [])
    srv = make_server("127.0.0.1", 0, state)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()
    srv.server_close()


def get(srv, host: str | None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.server_address[1], timeout=10)
    try:
        conn.putrequest("GET", "/", skip_host=True)
        if host is not None:
            conn.putheader("Host", host)
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def test_serve_refuses_a_host_it_does_not_listen_as(server):
    port = server.server_address[1]
    for host in (
        "evil.example",
        f"evil.example:{port}",
        f"127.0.0.1.evil.example:{port}",
        f"localhost:{port + 1}",
        None,
    ):
        status, body = get(server, host)
        assert status == 421, (host, status)
        assert "预览".encode() not in body


def test_serve_answers_the_names_it_listens_as(server):
    port = server.server_address[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
        status, body = get(server, host)
        assert status == 200, (host, status)
        assert "预览".encode() in body
