"""A copy of the example campaign with a hostile string in every field that reaches the site.

Shared by the hostile tests (imported by name: tests/hostile has no conftest of its own,
so the root conftest's helpers stay importable as ``conftest``).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import copy_example

from placard.cli import main

#: Markup, an attribute break-out and Chinese around it: Chinese so the content checks
#: still see a Chinese text, markup so any unescaped boundary shows as a live element.
HOSTILE = '文明<script>alert(1)</script>"><img src=x onerror=alert(62)>出行'


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _set(text: str, key: str, value: str) -> str:
    """Replace the first top-level ``key: ...`` line of a YAML text."""
    pattern = re.compile(rf"^{key}:.*$", re.M)
    assert pattern.search(text), key
    return pattern.sub(lambda m: f"{key}: {value}", text, count=1)


def hostile_campaign(dest: Path, s: str = HOSTILE) -> Path:
    root = copy_example(dest)
    mk = root / "mkdocs.yml"
    text = mk.read_text("utf-8")
    text = _set(text, "site_name", q(s))
    text = text.replace("    name: 光明区创建全国文明城区", f"    name: {q(s)}")
    text = text.replace("    office: 光明区委宣传部（区文明办）", f"    office: {q(s)}")
    # themes no poster prints a name of (a pole banner has room for 21 characters)
    text = text.replace("name: 垃圾分类,", f"name: {q('垃圾' + s)},")
    text = text.replace("name: 健康生活,", f"name: {q(s)},")
    mk.write_text(text, "utf-8")

    slogan = root / "slogans" / "traffic-02.md"
    t = slogan.read_text("utf-8")
    t = _set(t, "text", q(s))
    t = _set(t, "tags", "[" + q(s) + "]")
    slogan.write_text(t, "utf-8")

    ad = root / "docs" / "ads" / "banmaxian.md"
    t = ad.read_text("utf-8")
    for key in ("title", "alt", "credit"):
        t = _set(t, key, q(s))
    t = t.replace("\n---\n", f"\ntags: [{q(s)}]\n---\n", 1) if "\ntags:" not in t else t
    ad.write_text(t, "utf-8")

    guide = root / "docs" / "guides" / "traffic.md"
    t = guide.read_text("utf-8")
    t = _set(t, "title", q(s))
    t = re.sub(r"^key_points:\n(?:  - .*\n)+", f"key_points:\n  - {q(s)}\n  - 礼让行人\n", t, flags=re.M)
    guide.write_text(t, "utf-8")

    pl = root / "posters" / "placements" / "fenghuang-hoarding.yml"
    t = pl.read_text("utf-8")
    for key in ("name", "location", "contact"):
        t = _set(t, key, q(s))
    t = t.replace("advertiser: 凤凰府楼盘", f"advertiser: {q(s)}")
    pl.write_text(t, "utf-8")
    return root


class LiveMarkup(HTMLParser):
    """Elements and attributes the hostile string would create if it reached a page unescaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []
        self._in_script = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img" and a.get("src") == "x":
            self.live.append(f"<img src=x> at {self.getpos()}")
        if any(k.startswith("on") and "alert(" in (v or "") for k, v in attrs):
            self.live.append(f"<{tag} {attrs}> at {self.getpos()}")
        self._in_script = tag == "script"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert(1)" in data:
            self.live.append(f"<script>alert(1)</script> at {self.getpos()}")
        self.text.append(data)


def live_markup(html: str) -> list[str]:
    p = LiveMarkup()
    p.feed(html)
    p.close()
    return p.live


def run_cli(*args, capsys) -> tuple[int, str]:
    """``placard ARGS`` in this process: its exit code and what it printed (English, as conftest sets)."""
    code = main([*map(str, args)])
    cap = capsys.readouterr()
    return code, cap.out + cap.err
