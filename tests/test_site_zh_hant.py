"""A campaign in Traditional Chinese (issue 21 item 2): ``extra.placard.language: zh-Hant``.

The example campaign, its texts converted to Traditional Chinese (as a Taiwan or Hong Kong office
would write them), builds; every page says ``lang="zh-Hant"``; Material speaks ``zh-TW``; and no
text placard writes into a page is left in its Simplified form."""

from __future__ import annotations

import re
from pathlib import Path

import opencc
import pytest
from conftest import copy_example, run_placard
from markupsafe import escape

from placard import i18n
from placard.i18n_tools import po_path

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

S2T = opencc.OpenCC("s2twp")
CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|\{[a-z_]+(:[^}]*)?\}|<[^>]+>")


def _traditional(root: Path) -> None:
    """The campaign's own texts in Traditional Chinese, and ``language: zh-Hant``. Two pages quote
    社会主义核心价值观, which must be quoted exactly as published (the canonical check): they stay;
    so do the poster sets' print materials (the print shop's words)."""
    for path in [root / "mkdocs.yml", *root.glob("slogans/**/*.md"), *root.glob("docs/**/*.md")]:
        text = path.read_text(encoding="utf-8")
        if "社会主义核心价值观" not in text and "富强、民主" not in text:
            path.write_text(S2T.convert(text), encoding="utf-8")
    for path in root.glob(
        "posters/*.yml"
    ):  # poster sets: their titles, not the print shop's materials
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text(
            "".join(line if "material" in line else S2T.convert(line) for line in lines),
            encoding="utf-8",
        )
    cfg = root / "mkdocs.yml"
    text = cfg.read_text(encoding="utf-8")
    assert "    language: zh-Hans\n" in text
    cfg.write_text(
        text.replace("    language: zh-Hans\n", "    language: zh-Hant\n"), encoding="utf-8"
    )


def _simplified_ui_pieces() -> set[str]:
    """Every run of two or more Chinese characters of placard's Simplified texts whose Traditional
    form differs (OpenCC s2twp): none of them may show in a zh-Hant page."""
    from babel.messages.pofile import read_po

    with po_path("zh_Hans").open("rb") as fh:
        catalog = read_po(fh)
    pieces = set()
    for m in catalog:
        if not m.id or not m.string:
            continue
        for text in m.string if isinstance(m.string, tuple) else (m.string,):
            for run in CJK_RUN.findall(PLACEHOLDER.sub(" ", text)):
                if S2T.convert(run) != run:
                    pieces.add(run)
    return pieces


@pytest.fixture(scope="module")
def hant_sites(tmp_path_factory):
    root = copy_example(tmp_path_factory.mktemp("hant") / "campaign")
    _traditional(root)
    out, staff = root.parent / "site", root.parent / "staff"
    proc = run_placard(
        "build", root, "--out", out, "--staff-out", staff, "--no-posters", "--no-progress"
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return out, staff, _kept_simplified(root)


def _kept_simplified(root: Path) -> list[str]:
    """The campaign's own texts left in Simplified Chinese (placement lists, patrol and play records,
    the quoted core values, print materials): a page may show them; they are the office's words."""
    from placard.load import load_campaign

    campaign = load_campaign(root).campaign
    kept = {s.text for s in campaign.slogans} | {a.title for a in campaign.ads} | {a.credit for a in campaign.ads}
    kept |= {i.approval.approved_by or "" for i in campaign.items()}  # who approved: the office's names
    for pl in campaign.placements:
        kept |= {pl.name, pl.location or "", pl.contact or ""}
        kept |= {s.advertiser or "" for s in pl.slots}
    for r in campaign.patrols.records if campaign.patrols else ():
        kept |= {r.inspector or "", r.note or "", r.seen or ""}
    for path in root.glob("posters/*.yml"):
        kept |= set(re.findall(r"material:\s*([^\n#]+)", path.read_text(encoding="utf-8")))
    return sorted((k.strip() for k in kept if CJK_RUN.search(k or "")), key=len, reverse=True)


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_says_zh_hant(hant_sites):
    for site in hant_sites[:2]:
        pages = _pages(site)
        assert len(pages) > 10
        for page in pages:
            head = page.read_text(encoding="utf-8")[:600]
            assert '<html lang="zh-Hant"' in head, page


def test_material_and_placard_speak_traditional(hant_sites):
    public, staff, _kept = hant_sites
    home = (public / "index.html").read_text(encoding="utf-8")
    assert "標語口號" in home and "公益廣告" in home  # placard's nav, in Traditional
    assert "搜尋" in home  # Material's own words (zh-TW): the search box
    four04 = (public / "404.html").read_text(encoding="utf-8")
    assert "頁面沒有找到" in four04 and "返回首頁" in four04
    assert "內部資料 — 不對外公開" in (staff / "index.html").read_text(encoding="utf-8")


def test_no_simplified_ui_text_is_left(hant_sites):
    pieces = _simplified_ui_pieces()
    assert {
        "公益广告",
        "标语口号",
        "页面没有找到",
        "返回首页",
    } <= pieces  # the list is what it says
    *sites, kept = hant_sites
    for site in sites:
        for page in _pages(site):
            text = page.read_text(encoding="utf-8")
            for own in kept:  # the office's own Simplified words, where they show
                text = text.replace(own, "").replace(str(escape(own)), "")
            left = sorted(p for p in pieces if p in text)
            assert not left, f"{page.relative_to(site)}: Simplified text left: {left[:10]}"


def test_code_redirect_and_updated_pages_are_traditional(hant_sites):
    public, _staff, _kept = hant_sites
    redirects = sorted((public / "Q").glob("*/index.html"))
    assert redirects
    text = redirects[0].read_text(encoding="utf-8")
    assert '<html lang="zh-Hant">' in text and "正在重新導向" in text and "正在跳转" not in text


def test_posters_fixed_texts_follow_the_language(tmp_path):
    from placard.load import load_campaign
    from placard.posters.plan import _vars

    root = copy_example(tmp_path / "campaign")
    _traditional(root)
    campaign = load_campaign(root).campaign
    item = campaign.slogans[0]
    words = _vars(campaign, item)
    assert words["scan"] == "掃描查看詳情" and words["read"] == "掃描閱讀全文"
    assert i18n.in_language("zh-Hans", "Scan for details") == "扫码查看详情"
