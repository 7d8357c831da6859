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
    from test_user_rules import findings

    return findings(root, "patrol.", dt.date.fromisoformat(today))


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
