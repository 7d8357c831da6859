"""Tests that kill mutants bench/mutation.py found alive, through a whole campaign (slower than
tests/test_mutation_kills.py): patrol findings and the redirect pages of QR codes (issue 26)."""

from __future__ import annotations

import datetime as dt

# ----------------------------------------------------------------- the page a scanned code opens


def test_the_redirect_page_escapes_what_the_campaign_wrote():
    from placard.site.posters import redirect_page

    html = redirect_page(
        "ABC234", '../../s/x/?a=1&b="2"', "<script>alert(1)</script> 文明", lang="zh-Hant"
    )
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 文明" in html
    assert 'url=../../s/x/?a=1&amp;b=&#34;2&#34;"' in html
    assert 'location.replace("../../s/x/?a=1\\u0026b=\\"2\\"")' in html
    assert '<html lang="zh-Hant">' in html and "ABC234" in html
    assert '<html lang="zh-Hans">' in redirect_page("ABC234", "../../", "t")
    assert (
        redirect_page("A", "../../x/", "t").count("../../x/") == 4
    )  # refresh, canonical, script, link


def test_every_code_gets_a_redirect_page_back_into_the_site(tmp_path):
    from conftest import copy_example

    from placard.load import load_campaign
    from placard.posters.qr import item_code
    from placard.site.posters import redirect_folders, redirect_targets, write_redirects
    from placard.site.registry import SiteOptions

    root = copy_example(tmp_path / "c")
    campaign = load_campaign(root, dt.date(2026, 11, 23)).campaign
    code = item_code("slogan", "civility-01")
    targets = redirect_targets(campaign, SiteOptions())
    assert targets[code][0] == "../../s/civility-01/"
    flat = redirect_targets(campaign, SiteOptions(use_directory_urls=False))
    assert flat[code][0] == "../../s/civility-01.html"
    assert f"Q/{code}" in redirect_folders(campaign)
    site = tmp_path / "site"
    assert write_redirects(campaign, SiteOptions(), site) == []
    page = (site / "Q" / code / "index.html").read_bytes().decode("utf-8")
    assert "../../s/civility-01/" in page
    assert campaign.item("civility-01").title in page and code in page.split("<body>")[1]
    # each code's page as printed and in lower case (typed by hand): the same page
    assert {p.name for p in (site / "Q").iterdir()} == set(targets) | {c.lower() for c in targets}
    assert (site / "Q" / code.lower() / "index.html").read_bytes().decode("utf-8") == page
    assert f"Q/{code.lower()}" in redirect_folders(campaign)
    assert write_redirects(campaign, SiteOptions(), site) == []  # again (mkdocs build --dirty)


# ----------------------------------------------------------------- patrol findings inspectors read


def _patrol_root(tmp_path, records: str, strict: bool = False, lat_lon: bool = False):
    from test_user_rules import PATROL_LIST, patrol_campaign

    root = patrol_campaign(tmp_path / "c", records)
    if strict:
        cfg = root / "mkdocs.yml"
        cfg.write_text(
            cfg.read_text("utf-8").replace(
                "fix_within_days: 3}", "fix_within_days: 3, strict: true}"
            ),
            "utf-8",
        )
    if lat_lon:
        (root / "posters/placements/avenue.yml").write_text(
            PATROL_LIST.replace("type: banner\n", "type: banner\nlat: 22.7482\nlon: 113.9361\n"),
            "utf-8",
        )
    return root


def _pf(root, today="2026-10-10"):
    """The patrol rule's findings on the campaign at ``root`` (loaded; only this rule runs: fast)."""
    from placard.load import load_campaign
    from placard.rules import patrol

    loaded = load_campaign(root, dt.date.fromisoformat(today))
    assert loaded.campaign is not None, loaded.findings
    return [f for f in loaded.findings if f.rule.startswith("patrol.")] + patrol.check(
        loaded.campaign
    )


def test_patrol_findings_are_warnings_unless_strict(tmp_path):
    from test_user_rules import rec

    (f,) = _pf(_patrol_root(tmp_path / "a", rec("2026-10-01")), "2026-10-10")
    assert (f.rule, f.severity.name, f.file, f.line) == (
        "patrol.overdue",
        "WARNING",
        "posters/placements/avenue.yml",
        1,
    )
    assert "9" in f.message and "2" in f.message and "7" in f.message and f.fix
    (f,) = _pf(_patrol_root(tmp_path / "b", rec("2026-10-01"), strict=True), "2026-10-10")
    assert f.severity.name == "ERROR"


def test_more_than_five_gaps_are_summed_up(tmp_path):
    from test_user_rules import rec

    days = [dt.date(2026, 10, 1) + dt.timedelta(days=10 * i) for i in range(8)]  # 7 gaps of 10 days
    got = _pf(_patrol_root(tmp_path, "".join(rec(str(d)) for d in days)), "2026-12-12")
    over = [f for f in got if f.rule == "patrol.overdue"]
    assert len(over) == 6 and "2" in over[-1].message and over[-1].fix
    assert (
        "2026-10-01" in over[0].message
        and "2026-10-11" in over[0].message
        and "10" in over[0].message
    )


def test_late_fixes_name_the_record_and_the_days(tmp_path):
    from test_user_rules import rec

    body = rec("2026-10-06", "破损", "p01") + rec("2026-10-12", "已整改", "p01") + rec("2026-10-13")
    (f,) = _pf(_patrol_root(tmp_path / "a", body), "2026-10-14")
    assert (f.rule, f.file, f.line, f.field) == (
        "patrol.fix-late",
        "posters/patrols/r.yml",
        1,
        "status",
    )
    assert "2026-10-12" in f.message and "2026-10-09" in f.message and "3" in f.message
    body = rec("2026-10-06", "内容不符", "p01") + rec("2026-10-13")
    (f,) = _pf(_patrol_root(tmp_path / "b", body), "2026-10-14")
    assert "2026-10-09" in f.message and "5" in f.message and "civility-01" in f.message


def test_what_a_patrol_saw_against_the_plan(tmp_path):
    from test_user_rules import rec

    def one(extra: str, status="完好", slot="p01"):
        body = f"- {{date: 2026-10-06, list: avenue, slot: {slot}, inspector: 李娜, status: {status}{extra}}}\n"
        root = _patrol_root(tmp_path / str(len(list(tmp_path.iterdir()))), body + rec("2026-10-13"))
        return [f for f in _pf(root, "2026-10-13") if f.rule == "patrol.content"]

    assert one(", seen: civility-01") == []
    (f,) = one(", seen: traffic-01")
    assert (
        (f.field, f.line) == ("seen", 1)
        and "traffic-01" in f.message
        and "civility-01" in f.message
    )
    (f,) = one(", seen: civility-01", "内容不符")
    assert f.field == "status" and "civility-01" in f.message
    assert one(", seen: traffic-01", "内容不符") == []
    (f,) = one(", seen: traffic-01", "已整改")
    assert f.field == "seen"
    (f,) = one(", seen: 光明银行", "完好", "p02")
    assert f.field == "seen" and "光明银行" in f.message
    assert one("") == []


def test_photos_that_do_not_prove_the_patrol(tmp_path):
    from test_patrols import photo
    from test_user_rules import rec

    def got(photo_when, place=(22.7482, 113.9361), name="a.jpg"):
        root = _patrol_root(tmp_path / str(len(list(tmp_path.iterdir()))), "", lat_lon=True)
        if photo_when != "missing":
            photo(root, name, photo_when, place)
        body = f"- {{date: 2026-10-06, list: avenue, slot: p01, inspector: 李娜, status: 完好, photos: [{name}]}}\n"
        (root / "posters/patrols/r.yml").write_text(body + rec("2026-10-13"), "utf-8")
        return sorted(
            (f.rule, f.severity.name, f.field)
            for f in _pf(root, "2026-10-13")
            if f.rule.startswith("patrol.photo")
        )

    assert got(dt.datetime(2026, 10, 6, 9)) == []
    assert got(dt.datetime(2026, 10, 7, 9)) == []  # a day apart is allowed
    assert got(dt.datetime(2026, 10, 8, 9)) == [("patrol.photo-mismatch", "WARNING", "photos")]
    assert got(dt.datetime(2026, 10, 4, 9)) == [("patrol.photo-mismatch", "WARNING", "photos")]
    assert got(dt.datetime(2026, 10, 6, 9), place=(22.7482, 113.9461)) == [
        ("patrol.photo-mismatch", "WARNING", "photos")
    ]  # about 1 km east
    assert got(dt.datetime(2026, 10, 6, 9), place=(22.7482, 113.9391)) == []  # about 300 m
    assert got("missing") == [("patrol.photo", "WARNING", "photos")]
    assert got(None, place=None) == [("patrol.photo", "WARNING", "photos")]  # no EXIF


def test_the_public_gallery_offers_the_public_sets_and_codes_through_redirects(tmp_path):
    from conftest import copy_example

    from placard.load import load_campaign
    from placard.posters.plan import make_plan
    from placard.site.posters import gallery_page, gallery_url, has_public_posters
    from placard.site.registry import STAFF, SiteOptions

    campaign = load_campaign(copy_example(tmp_path / "c"), dt.date(2026, 11, 23)).campaign
    plan = make_plan(campaign)
    assert has_public_posters(campaign) and plan.public_sets == ("traffic-a3",)
    public = next(iter(gallery_page(campaign, SiteOptions()).values()))
    staff = next(iter(gallery_page(campaign, SiteOptions(audience=STAFF)).values()))
    pub_jobs = [j for j in plan.jobs if j.set == "traffic-a3"]
    other = [j for j in plan.jobs if j.set != "traffic-a3"]
    assert pub_jobs and other
    for j in pub_jobs:
        assert f"../Q/{j.code}/" in public  # printed codes lead through the public redirect pages
        assert j.url in staff  # the staff site shows the short address itself
        assert (
            j.files["pdf"].split("/")[-1] in public and j.files["png"].split("/")[-1] not in public
        )
        assert j.files["png"].split("/")[-1] in staff
    assert not any(j.code in public for j in other)
    assert all(j.code in staff for j in other)
    assert "traffic-a3-contact-sheet.pdf" in public
    assert gallery_url(SiteOptions()) == "posters/"


def test_no_public_sets_no_public_gallery(tmp_path):
    import re

    from conftest import copy_example

    from placard.load import load_campaign
    from placard.site.posters import gallery_page, has_public_posters
    from placard.site.registry import STAFF, SiteOptions

    root = copy_example(tmp_path / "c")
    cfg = root / "mkdocs.yml"
    cfg.write_text(
        re.sub(r"public_sets: \[traffic-a3\]", "public_sets: []", cfg.read_text("utf-8")), "utf-8"
    )
    campaign = load_campaign(root, dt.date(2026, 11, 23)).campaign
    assert not has_public_posters(campaign)
    assert gallery_page(campaign, SiteOptions()) == {}
    assert gallery_page(campaign, SiteOptions(audience=STAFF))


# ----------------------------------------------------------------- patrol findings as an inspector reads them

AVENUE = "list 'avenue' (光明大道道旗)"
CIVILITY_01 = "'civility-01' (一言一行显文明，一举一动树新风)"
NOT_FIXED_FIX = "put it right and add a record with status 已整改 (fixed) for this slot and the day it was fixed"


def _said(root, today):
    return [(f.rule, f.line, f.field, f.message, f.fix) for f in _pf(root, today)]


def test_overdue_patrols_read_in_full(tmp_path):
    from test_user_rules import rec

    assert _said(_patrol_root(tmp_path / "a", rec("2026-10-01")), "2026-10-10") == [
        (
            "patrol.overdue",
            1,
            None,
            f"{AVENUE} has not been patrolled after 2026-10-01: 9 days to 2026-10-10, 2 days more than every 7 days",
            "patrol 'avenue' and add the record under posters/patrols/",
        ),
    ]
    assert _said(_patrol_root(tmp_path / "b", ""), "2026-10-10")[0][3] == (
        f"{AVENUE} has not been patrolled since its period began on 2026-10-01: 9 days to 2026-10-10, 2 days more "
        "than every 7 days"
    )
    days = [dt.date(2026, 10, 1) + dt.timedelta(days=10 * i) for i in range(8)]
    got = _said(_patrol_root(tmp_path / "c", "".join(rec(str(d)) for d in days)), "2026-12-12")
    assert got[0] == (
        "patrol.overdue",
        1,
        None,
        f"{AVENUE} was not patrolled after 2026-10-01 until 2026-10-11: 10 days, 3 more than every 7 days",
        "patrol 'avenue' at least every 7 days (or add the record of a patrol that was made but not written down)",
    )
    assert (
        got[4][3]
        == f"{AVENUE} was not patrolled after 2026-11-10 until 2026-11-20: 10 days, 3 more than every 7 days"
    )
    assert got[5] == (
        "patrol.overdue",
        1,
        None,
        "list 'avenue' has 2 more gaps between patrols",
        "see the patrol history in the ledger",
    )
    assert len(got) == 6


def test_late_fixes_read_in_full(tmp_path):
    from test_user_rules import rec

    body = rec("2026-10-06", "破损", "p01") + rec("2026-10-12", "已整改", "p01") + rec("2026-10-13")
    assert _said(_patrol_root(tmp_path / "a", body), "2026-10-14") == [
        (
            "patrol.fix-late",
            1,
            "status",
            "list 'avenue' slot 'p01' was reported 破损 (damaged) on 2026-10-06 and fixed only on 2026-10-12, 3 days "
            "after it was due (2026-10-09)",
            "fix reported problems within 3 days",
        ),
    ]
    body = rec("2026-10-06", "内容不符", "p01") + rec("2026-10-13")
    assert _said(_patrol_root(tmp_path / "b", body), "2026-10-14") == [
        (
            "patrol.fix-late",
            1,
            "status",
            f"list 'avenue' slot 'p01' was reported 内容不符 (wrong); the plan has {CIVILITY_01} there on 2026-10-06 "
            "and is still not fixed: it was due by 2026-10-09 (within 3 days), 5 days late",
            NOT_FIXED_FIX,
        ),
    ]
    body = rec("2026-10-06", "内容不符", "p02") + rec("2026-10-13")
    assert _said(_patrol_root(tmp_path / "c", body), "2026-10-14")[0][3].startswith(
        "list 'avenue' slot 'p02' was reported 内容不符 (wrong); the plan has an ad of '光明银行' there on 2026-10-06"
    )
    body = rec("2026-10-06", "缺失") + rec("2026-10-13")
    assert _said(_patrol_root(tmp_path / "d", body), "2026-10-14") == [
        (
            "patrol.fix-late",
            1,
            "status",
            "list 'avenue' (whole list) was reported 缺失 (missing) on 2026-10-06 and is still not fixed: it was due by "
            "2026-10-09 (within 3 days), 5 days late",
            NOT_FIXED_FIX,
        ),
    ]


def test_content_findings_read_in_full(tmp_path):
    from test_user_rules import rec

    def one(extra, status="完好", slot="p01"):
        body = f"- {{date: 2026-10-06, list: avenue, slot: {slot}, inspector: 李娜, status: {status}{extra}}}\n"
        root = _patrol_root(tmp_path / str(len(list(tmp_path.iterdir()))), body + rec("2026-10-13"))
        assert {f.file for f in _pf(root, "2026-10-13") if f.rule == "patrol.content"} <= {
            "posters/patrols/r.yml"
        }
        return [g for g in _said(root, "2026-10-13") if g[0] == "patrol.content"]

    assert one(", seen: traffic-01") == [
        (
            "patrol.content",
            1,
            "seen",
            f"list 'avenue' slot 'p01' showed 'traffic-01' on 2026-10-06 but the plan has {CIVILITY_01}; the record "
            "says 完好 (ok)",
            "record it as 内容不符 (wrong) and put up what the plan says, or correct 'seen'",
        ),
    ]
    assert one(", seen: civility-01", "内容不符") == [
        (
            "patrol.content",
            1,
            "status",
            "list 'avenue' slot 'p01' is recorded as wrong content on 2026-10-06, but what it saw ('civility-01') is "
            "what the plan has",
            "set the status to 完好 (ok) if the slot was right, or correct 'seen'",
        ),
    ]


def test_patrol_findings_reach_a_chinese_inspector_in_chinese(tmp_path):
    from test_mutation_kills import untranslated
    from test_user_rules import rec

    from placard import i18n

    days = [dt.date(2026, 10, 1) + dt.timedelta(days=10 * i) for i in range(8)]
    body = (
        "".join(rec(str(d)) for d in days)
        + rec("2026-10-06", "内容不符", "p01")
        + rec("2026-10-06", "缺失")
    )
    body += "- {date: 2026-10-07, list: avenue, slot: p01, inspector: 李娜, status: 完好, seen: traffic-01}\n"
    root = _patrol_root(tmp_path, body)
    i18n.set_language("zh_Hans")
    got = _said(root, "2026-12-12")
    assert {g[0] for g in got} == {"patrol.overdue", "patrol.fix-late", "patrol.content"}
    for _rule, _line, _field, message, fix in got:
        names = ("avenue", "p01", "civility-01", "traffic-01", "posters/patrols/", "seen")
        assert untranslated(message, *names) == [], message
        assert untranslated(fix, *names) == [], fix


# ----------------------------------------------------------------- the poster gallery and the redirect pages, word for word


def test_built_in_formats_and_templates_are_named_in_the_page_s_language():
    from pathlib import Path

    from placard import i18n
    from placard.posters.formats import builtin_formats
    from placard.posters.templates import load_templates
    from placard.site.posters import FORMAT_TITLES, TEMPLATE_TITLES, builtin_title

    formats = builtin_formats()
    templates = load_templates(Path("/nonexistent"))[0]
    i18n.set_page_language("en")
    assert {n: builtin_title(f, FORMAT_TITLES) for n, f in formats.items()} == {
        "A4": "A4 portrait",
        "A4-landscape": "A4 landscape",
        "A3": "A3 portrait",
        "A3-landscape": "A3 landscape",
        "A2": "A2 portrait",
        "A2-landscape": "A2 landscape",
        "A1": "A1 portrait",
        "A1-landscape": "A1 landscape",
        "A0": "A0 portrait",
        "A0-landscape": "A0 landscape",
        "board": "display board 1200×900",
        "hoarding": "hoarding 2000×1000",
        "banner": "banner 6000×700",
        "LED": "LED screen 1920×1080",
        "pole-banner": "pole banner 800×2400",
        "shelter": "light box 1200×1800",
        "share": "share card 1200×630",
    }
    assert {n: builtin_title(t, TEMPLATE_TITLES) for n, t in templates.items()} == {
        "slogan": "slogan poster",
        "ad": "public-benefit ad (with picture)",
        "guide": "civility guide (key points)",
        "share": "share card (picture for sharing)",
    }
    i18n.set_page_language("zh-Hans")
    assert {n: builtin_title(t, TEMPLATE_TITLES) for n, t in templates.items()} == {
        "slogan": "标语海报",
        "ad": "公益广告（配图）",
        "guide": "文明指南（要点）",
        "share": "分享卡片（网页分享图）",
    }
    assert builtin_title(formats["pole-banner"], FORMAT_TITLES) == "道旗 800×2400"

    class Own:  # a campaign's own format named like a built-in one keeps its own title
        file, name, title = "posters/formats.yml", "A4", "我们的 A4"

    assert builtin_title(Own, FORMAT_TITLES) == "我们的 A4"


REDIRECT_EN = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=../../s/x/">
<link rel="canonical" href="../../s/x/">
<title>Going to: 文明</title>
<style>body{font:18px/1.7 system-ui,sans-serif;max-width:32em;margin:2em auto;padding:0 1em;color:#222}a{color:#1a5fb4}</style>
<script>location.replace("../../s/x/");</script>
</head>
<body>
<p>Opening: <a href="../../s/x/">文明</a></p>
<p>If the page does not open by itself, follow the link above. QR code ABC234.</p>
</body>
</html>
"""


def test_the_redirect_page_word_for_word():
    from placard.site.posters import redirect_page

    assert redirect_page("ABC234", "../../s/x/", "文明", lang="en") == REDIRECT_EN
    zh = redirect_page("ABC234", "../../s/x/", "文明")
    assert zh == (
        REDIRECT_EN.replace('lang="en"', 'lang="zh-Hans"')
        .replace("Going to: ", "正在跳转：")
        .replace("Opening: ", "正在打开：")
        .replace(
            "If the page does not open by itself, follow the link above. QR code ABC234.",
            "如果页面没有自动跳转，请点上面的链接。二维码编号 ABC234。",
        )
    )


def _gallery(tmp_path, png=True):
    from conftest import copy_example

    from placard import i18n
    from placard.load import load_campaign
    from placard.site.posters import gallery_page
    from placard.site.registry import STAFF, SiteOptions

    root = copy_example(tmp_path / "c")
    if not png:
        p = root / "posters" / "ads-a3.yml"
        p.write_text(p.read_text("utf-8") + "png: false\n", "utf-8")
    campaign = load_campaign(root, dt.date(2026, 11, 23)).campaign
    i18n.set_page_language("en")
    public = gallery_page(campaign, SiteOptions())["posters/index.md"]
    staff = gallery_page(campaign, SiteOptions(audience=STAFF))["posters/index.md"]
    return public, staff


def test_the_public_gallery_word_for_word(tmp_path):
    public, staff = _gallery(tmp_path)
    assert public.startswith(
        '---\ntitle: "Publicity posters"\nsearch: {"exclude": true}\n---\n\n# Publicity posters\n\n'
        "Posters for community volunteers to print and put up: each has a print PDF with 3 mm bleed and crop "
        "marks.\n\n"
    )
    assert (
        '<p class="pl-meta">A3 portrait · template: slogan poster · 6 posters · <a href="traffic-a3/'
        'traffic-a3-contact-sheet.pdf">Contact sheet for review (PDF)</a></p>'
    ) in public
    assert (
        '<li class="pl-ad" style="--pl-theme: #1565c0">\n<a href="traffic-a3/traffic-01.pdf"><img '
        'src="traffic-a3/traffic-01.preview.jpg" alt="礼让斑马线，安全每一天 (poster preview)" loading="lazy"></a>\n'
        '<span class="pl-ad-title">礼让斑马线，安全每一天</span>\n<span class="pl-meta"><a href="traffic-a3/'
        'traffic-01.pdf">print PDF (RGB)</a> · QR code <a href="../Q/IGQ67M/">IGQ67M</a></span>'
    ) in public
    assert (
        ".png" not in public and "ads-a3" not in public
    )  # print posters as PDF; only the public sets
    assert staff.startswith(
        '---\ntitle: "Publicity posters"\nsearch: {"exclude": true}\n---\n\n# Publicity posters\n\n'
        "Posters for print and screens. Each poster has a PNG picture and a print PDF with 3 mm bleed and crop "
        "marks; the QR code on a poster leads to a fixed short address of the public website, so it keeps "
        "working when pages move.\n\n"
    )
    assert (
        '<span class="pl-meta"><a href="ads-a3/ad-banmaxian.png">PNG</a> · <a href="ads-a3/ad-banmaxian.pdf">'
        'print PDF/X-4 (CMYK)</a> · QR code <a href="HTTPS://WM.GUANGMING.EXAMPLE.CN/Q/6LQNQU/">6LQNQU</a>'
        "</span>"
    ) in staff
    assert '<a href="traffic-a3/traffic-01.png">PNG</a>' in staff and "../Q/" not in staff
    assert "--pl-theme: #b45f14" in staff  # each poster in its theme's colour


def test_a_print_only_set_changes_the_staff_gallery_s_words(tmp_path):
    _public, staff = _gallery(tmp_path, png=False)
    assert (
        "Posters for print and screens. Each poster has a print file with 3 mm bleed and crop marks; "
        "print-only poster sets have only the print files and previews, the other posters a PNG picture too; "
        "the QR code on a poster leads to a fixed short address of the public website, so it keeps working "
        "when pages move."
    ) in staff
    assert (
        "ads-a3/ad-banmaxian.png" not in staff
        and '<a href="traffic-a3/traffic-01.png">PNG</a>' in staff
    )


def test_photo_findings_read_in_full(tmp_path):
    from test_patrols import photo
    from test_user_rules import rec

    def said(when, place=(22.7482, 113.9361), name="a.jpg"):
        root = _patrol_root(tmp_path / str(len(list(tmp_path.iterdir()))), "", lat_lon=True)
        if when == "text":
            (root / "posters/patrols/photos").mkdir(parents=True, exist_ok=True)
            (root / "posters/patrols/photos" / name).write_text("not a jpeg", "utf-8")
        elif when != "missing":
            photo(root, name, when, place)
        body = f"- {{date: 2026-10-06, list: avenue, slot: p01, inspector: 李娜, status: 完好, photos: [{name}]}}\n"
        (root / "posters/patrols/r.yml").write_text(body + rec("2026-10-13"), "utf-8")
        return [(f.rule, f.line, f.field, f.message, f.fix) for f in _pf(root, "2026-10-13")]

    a = "posters/patrols/photos/a.jpg"
    assert said(dt.datetime(2026, 10, 8, 9)) == [
        (
            "patrol.photo-mismatch",
            1,
            "photos",
            f"photo '{a}' was taken on 2026-10-08, 2 days from its record's date 2026-10-06",
            "check the record's date or the photo (at most 1 days apart, extra.placard.patrol.photo_days)",
        ),
    ]
    assert said(dt.datetime(2026, 10, 4, 9))[0][3] == (
        f"photo '{a}' was taken on 2026-10-04, 2 days from its record's date 2026-10-06"
    )
    assert said(dt.datetime(2026, 10, 6, 9), place=(22.7482, 113.9461)) == [
        (
            "patrol.photo-mismatch",
            1,
            "photos",
            f"photo '{a}' was taken 1,025 m from list 'avenue' (22.7482, 113.9361)",
            "check the record's list, or the list's lat/lon (at most 500 m, extra.placard.patrol.photo_metres)",
        ),
    ]
    assert said("missing") == [
        (
            "patrol.photo",
            1,
            "photos",
            f"photo '{a}' of the record of 2026-10-06 is not there",
            "copy the photo into posters/patrols/photos/ (any sub-folder) or correct its name",
        ),
    ]
    assert said(None, place=None) == [
        (
            "patrol.photo",
            1,
            "photos",
            f"photo '{a}' has no EXIF date or GPS, so it does not show when and where it was taken (kept, but weak "
            "evidence)",
            "use the phone's original photo, not a screenshot or a copy sent through a messaging app (which removes "
            "EXIF)",
        ),
    ]
    assert said("text") == [
        (
            "patrol.photo",
            1,
            "photos",
            f"'{a}' is not an image placard can read (broken or another kind of file)",
            "use the photo as the phone saved it (JPEG)",
        ),
    ]
    assert said("missing", name="../../mkdocs.yml") == [
        (
            "patrol.photo",
            1,
            "photos",
            "photo '../../mkdocs.yml' of the record of 2026-10-06 leaves the campaign's photo folder "
            "(posters/patrols/photos/); placard does not look there",
            "copy the photo into posters/patrols/photos/ and write its name as it is there (no '..', no folder "
            "outside)",
        ),
    ]


def test_under_strict_a_photo_without_exif_stays_a_warning(tmp_path):
    from test_patrols import photo
    from test_user_rules import rec

    from placard import i18n

    root = _patrol_root(tmp_path / "c", "", strict=True, lat_lon=True)
    photo(root, "a.jpg", None, None)
    body = "- {date: 2026-10-06, list: avenue, slot: p01, inspector: 李娜, status: 完好, photos: [a.jpg, b.jpg]}\n"
    (root / "posters/patrols/r.yml").write_text(body + rec("2026-10-13"), "utf-8")
    got = sorted((f.severity.name, f.message.split(" ")[1]) for f in _pf(root, "2026-10-13"))
    assert got == [
        ("ERROR", "'posters/patrols/photos/b.jpg'"),
        ("WARNING", "'posters/patrols/photos/a.jpg'"),
    ]
    i18n.set_language("zh_Hans")
    for f in _pf(root, "2026-10-13"):
        assert untranslated_here(f.message) == [] and untranslated_here(f.fix) == [], (
            f.message,
            f.fix,
        )


def untranslated_here(text):
    from test_mutation_kills import untranslated

    return untranslated(
        text, "posters/patrols/photos/", "a.jpg", "b.jpg", "EXIF", "GPS", "JPEG", "posters/patrols/"
    )


def test_what_the_plan_has_on_a_vacant_slot_and_before_a_slot_s_dates(tmp_path):
    from test_user_rules import PATROL_LIST, rec

    root = _patrol_root(tmp_path / "c", "")
    (root / "posters/placements/avenue.yml").write_text(
        PATROL_LIST + "  - {id: p03, order: 3, kind: vacant}\n"
        "  - {id: p04, order: 4, kind: public, ref: traffic-01, from: 2026-10-10, to: 2026-10-20}\n",
        "utf-8",
    )
    body = (
        "- {date: 2026-10-06, list: avenue, slot: p03, inspector: 李娜, status: 内容不符, seen: traffic-02}\n"
        "- {date: 2026-10-06, list: avenue, slot: p04, inspector: 李娜, status: 完好}\n"
        "- {date: 2026-10-06, list: avenue, slot: p04, inspector: 李娜, status: 内容不符}\n"
    )
    (root / "posters/patrols/r.yml").write_text(body + rec("2026-10-13"), "utf-8")
    assert {f.file for f in _pf(root, "2026-10-14") if f.rule == "patrol.content"} == {
        "posters/patrols/r.yml"
    }
    late = ": it was due by 2026-10-09 (within 3 days), 5 days late"
    not_shown = (
        "patrol.content",
        "slot",
        "list 'avenue' slot 'p04' is not in the plan on 2026-10-06 (it runs from 2026-10-10 to 2026-10-20)",
        "check the slot and the date: a record is for a slot that is on show that day",
    )
    assert sorted(_said(root, "2026-10-14")) == sorted(
        [
            (
                "patrol.fix-late",
                1,
                "status",
                "list 'avenue' slot 'p03' was reported 内容不符 (wrong); the plan has nothing (vacant) there on 2026-10-06 "
                "and is still not fixed" + late,
                NOT_FIXED_FIX,
            ),
            (
                "patrol.fix-late",
                3,
                "status",
                "list 'avenue' slot 'p04' was reported 内容不符 (wrong); the plan has nothing there on 2026-10-06 and is "
                "still not fixed" + late,
                NOT_FIXED_FIX,
            ),
            (not_shown[0], 2, *not_shown[1:]),
            (not_shown[0], 3, *not_shown[1:]),
        ]
    )


def test_more_patrol_cases_word_for_word(tmp_path):
    from test_user_rules import PATROL_LIST, rec

    # exactly five gaps: five findings, no count line; the count line (six gaps) names the list's file
    days = [dt.date(2026, 10, 1) + dt.timedelta(days=10 * i) for i in range(6)]
    got = _pf(_patrol_root(tmp_path / "a", "".join(rec(str(d)) for d in days)), "2026-11-21")
    assert [f.rule for f in got] == ["patrol.overdue"] * 5
    days.append(dt.date(2026, 11, 30))
    got = _pf(_patrol_root(tmp_path / "b", "".join(rec(str(d)) for d in days)), "2026-12-01")
    assert (got[-1].message, got[-1].file, got[-1].line) == (
        "list 'avenue' has 1 more gaps between patrols",
        "posters/placements/avenue.yml",
        1,
    )

    root = _patrol_root(tmp_path / "c", "")
    (root / "posters/placements/avenue.yml").write_text(
        PATROL_LIST
        + "  - {id: p04, order: 4, kind: public, ref: traffic-01, from: 2026-10-10, to: 2026-10-20}\n"
        "  - {id: p05, order: 5, kind: public, ref: nosuch}\n"
        "  - {id: p06, order: 6, kind: public, ref: traffic-01, from: 2026-10-05, to: 2026-10-20}\n",
        "utf-8",
    )
    body = (
        "- {date: 2026-10-08, list: avenue, slot: p02, inspector: 李娜, status: 破损}\n"
        "- {date: 2026-10-09, list: avenue, slot: p02, inspector: 李娜, status: 已整改}\n"  # fixed in time
        "- {date: 2026-10-10, list: avenue, slot: p04, inspector: 李娜, status: 内容不符}\n"  # its first day
        "- {date: 2026-10-20, list: avenue, slot: p06, inspector: 李娜, status: 内容不符}\n"  # its last day
        "- {date: 2026-10-10, list: avenue, slot: p05, inspector: 李娜, status: 内容不符}\n"  # no such item
        "- {date: 2026-10-10, list: avenue, inspector: 李娜, status: 内容不符}\n"  # the whole list
    )
    (root / "posters/patrols/r.yml").write_text(
        body + rec("2026-10-16") + rec("2026-10-22"), "utf-8"
    )
    found = _pf(root, "2026-10-26")
    assert {f.rule for f in found} == {
        "patrol.fix-late"
    }  # on a slot's first and last day it is in the plan
    assert {f.file for f in found} == {"posters/patrols/r.yml"}
    got = sorted(f.message.split(" and is still")[0] for f in found)
    assert got == [
        "list 'avenue' (whole list) was reported 内容不符 (wrong) on 2026-10-10",
        "list 'avenue' slot 'p04' was reported 内容不符 (wrong); the plan has 'traffic-01' (礼让斑马线，安全每一天) "
        "there on 2026-10-10",
        "list 'avenue' slot 'p05' was reported 内容不符 (wrong); the plan has 'nosuch' there on 2026-10-10",
        "list 'avenue' slot 'p06' was reported 内容不符 (wrong); the plan has 'traffic-01' (礼让斑马线，安全每一天) "
        "there on 2026-10-20",
    ]


def test_a_photo_claiming_a_huge_picture_is_named_not_opened(tmp_path):
    from test_patrols import photo
    from test_user_rules import rec

    root = _patrol_root(tmp_path / "c", "", lat_lon=True)
    path = photo(root, "big.jpg", dt.datetime(2026, 10, 6, 9))
    data = bytearray(path.read_bytes())
    sof = data.index(b"\xff\xc0")  # the frame header: length, precision, height, width
    data[sof + 5 : sof + 9] = (20000).to_bytes(
        2, "big"
    ) * 2  # 400 million pixels claimed (Pillow: 89 million)
    path.write_bytes(bytes(data))
    body = "- {date: 2026-10-06, list: avenue, slot: p01, inspector: 李娜, status: 完好, photos: [big.jpg]}\n"
    (root / "posters/patrols/r.yml").write_text(body + rec("2026-10-13"), "utf-8")
    assert _said(root, "2026-10-13") == [
        (
            "patrol.photo",
            1,
            "photos",
            "photo 'posters/patrols/photos/big.jpg' claims a picture larger than placard opens (over 89 million "
            "pixels: a damaged file or a 'decompression bomb')",
            "use the photo as the phone saved it (JPEG, a few thousand pixels wide)",
        ),
    ]


def test_which_posters_each_site_draws_and_what_a_failed_one_says(tmp_path, monkeypatch, caplog):
    """write_posters with the drawing itself replaced: which sets each site asks for, the PNGs the
    public site drops for print posters, and the finding of a poster that could not be drawn."""
    import logging

    from conftest import copy_example

    from placard.load import load_campaign
    from placard.posters.build import BuildReport
    from placard.posters.plan import make_plan
    from placard.site import posters as site_posters
    from placard.site.registry import STAFF, SiteOptions

    root = copy_example(tmp_path / "c")
    cfg = root / "mkdocs.yml"  # a screen set (LED) public too: a screen shows the PNG
    text = cfg.read_text("utf-8").replace(
        "public_sets: [traffic-a3]", "public_sets: [traffic-a3, led]"
    )
    cfg.write_text(text, "utf-8")
    campaign = load_campaign(root, dt.date(2026, 11, 23)).campaign
    plan = make_plan(campaign)
    asked = []

    def fake_build(for_campaign, plan, site_dir, sets=None):
        assert for_campaign is campaign
        chosen = [j for j in plan.jobs if sets is None or sets(j)]
        asked.append(sorted({j.set for j in chosen}))
        failed = chosen[0]
        for j in chosen:
            for kind, rel in j.files.items():
                if j is failed and kind == "png":
                    continue  # the poster that failed has no picture
                (site_dir / rel).parent.mkdir(parents=True, exist_ok=True)
                (site_dir / rel).write_bytes(b"x")
        return BuildReport(rendered=len(chosen) - 1, failed=[(failed, "the image is broken")])

    monkeypatch.setattr(site_posters, "build_posters", fake_build)
    site = tmp_path / "public"
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.placard"):
        got = site_posters.write_posters(campaign, SiteOptions(), site)
    assert asked == [["led", "traffic-a3"]]  # the public site: only its public sets
    assert (
        sum(j.set in ("led", "traffic-a3") for j in plan.jobs) == 18
    )  # 6 slogans, 12 for the screen
    # the build's log line: 17 drawn, one failed
    assert (
        "placard posters: 17 poster(s): 17 rendered, 0 from cache, in 0.0 s; 1 failed"
        in caplog.messages
    )
    first = next(j for j in plan.jobs if j.set in ("led", "traffic-a3"))
    job = next(j for j in plan.jobs if j.set == "traffic-a3" and j is not first)
    assert (site / job.files["pdf"]).is_file() and not (
        site / job.files["png"]
    ).exists()  # PDF only
    led = next(j for j in plan.jobs if j.set == "led" and j is not first)
    assert (site / led.files["png"]).is_file()  # a screen's poster keeps its picture
    assert [(f.rule, f.severity.value, f.file, f.message, f.fix) for f in got] == [
        (
            "poster.render",
            "error",
            f"posters/{first.set}.yml",
            f"poster '{first.out}' could not be drawn: the image is broken",
            "fix the image or lower the format's dpi",
        ),
    ]
    asked.clear()
    staff = tmp_path / "staff"
    assert len(site_posters.write_posters(campaign, SiteOptions(audience=STAFF), staff)) == 1
    assert asked == [sorted({j.set for j in plan.jobs})]  # the staff site: every set
    assert (staff / job.files["png"]).is_file()  # and keeps the PNGs
    assert site_posters.write_posters(campaign, SiteOptions(posters=False), tmp_path / "none") == []
    assert not (tmp_path / "none").exists()


def test_a_set_with_no_poster_yet_is_listed_without_a_contact_sheet(tmp_path):
    from conftest import copy_example

    from placard import i18n
    from placard.load import load_campaign
    from placard.site.posters import gallery_page
    from placard.site.registry import STAFF, SiteOptions

    root = copy_example(tmp_path / "c")
    # its only slogan is still a draft: no poster is drawn
    (root / "posters" / "empty-a4.yml").write_text(
        "title: 暂无内容\nkind: slogan\nitems: [traffic-draft-01]\nformat: A4\ntemplate: slogan\n",
        "utf-8",
    )
    campaign = load_campaign(root, dt.date(2026, 11, 23)).campaign
    i18n.set_page_language("en")
    page = gallery_page(campaign, SiteOptions(audience=STAFF))["posters/index.md"]
    assert (
        '<h2 id="set-empty-a4">暂无内容</h2>\n<p class="pl-meta">A4 portrait · template: slogan poster · '
        "0 posters</p>"
    ) in page
    assert "empty-a4-contact-sheet.pdf" not in page
    assert '<h2 id="set-traffic-a3">文明交通标语 A3</h2>' in page


def test_redirect_pages_speak_the_campaign_s_language(tmp_path):
    from conftest import copy_example

    from placard.load import load_campaign
    from placard.site.posters import redirect_pages
    from placard.site.registry import SiteOptions

    root = copy_example(tmp_path / "c")
    cfg = root / "mkdocs.yml"
    cfg.write_text(
        cfg.read_text("utf-8").replace("    language: zh-Hans", "    language: zh-Hant", 1), "utf-8"
    )
    campaign = load_campaign(root, dt.date(2026, 11, 23)).campaign
    page = next(iter(redirect_pages(campaign, SiteOptions()).values()))
    assert '<html lang="zh-Hant">' in page and "如果頁面沒有自動重新導向，請點上面的連結。" in page
