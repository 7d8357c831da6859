"""Hostile inputs found by issue 10 become findings (file, line, fix; exit 1), never tracebacks or hangs."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import run_placard
from PIL import Image

from placard.engine import check_campaign
from placard.findings import Finding


def errors(root: Path, rule: str | None = None) -> list[Finding]:
    found = [f for f in check_campaign(root).findings if f.is_error]
    return [f for f in found if rule is None or f.rule == rule]


def set_line(path: Path, key: str, value: str) -> None:
    """Replace (or add, before the closing '---') a front-matter line."""
    text = path.read_text("utf-8")
    pattern = re.compile(rf"^{key}:.*$", re.M)
    if pattern.search(text):
        text = pattern.sub(lambda m: f"{key}: {value}", text, count=1)
    else:
        text = text.replace("\n---\n", f"\n{key}: {value}\n---\n", 1)
    path.write_text(text, "utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if needle in line)


# -- 2. validate up front ---------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "wm.example.cn",  # no scheme: a QR code would decode as '://wm.example.cn/Q/...'
    "javascript:alert(1)",
    "https://",
    "ftp://wm.example.cn/",
    "https://wm example.cn/",
    "https://wm.example.cn:port/",
])
def test_site_url_must_be_an_http_address_with_a_host(campaign, url):
    mk = campaign / "mkdocs.yml"
    set_line(mk, "site_url", f"'{url}'")
    [f] = errors(campaign, "config.bad-value")
    assert f.file == "mkdocs.yml" and f.line == line_of(mk, "site_url:") and f.field == "site_url"
    assert url in f.message and "https://" in f.fix


def test_site_url_in_the_campaign_block_is_checked_too(campaign):
    mk = campaign / "mkdocs.yml"
    mk.write_text(mk.read_text("utf-8").replace("  placard:\n", "  placard:\n    site_url: wm.example.cn\n"), "utf-8")
    [f] = errors(campaign, "config.bad-value")
    assert f.field == "extra.placard.site_url" and f.line == line_of(mk, "site_url: wm.example.cn")


@pytest.mark.parametrize("url", ["https://wm.example.cn/", "http://127.0.0.1:8000/sub/", "HTTPS://WM.EXAMPLE.CN"])
def test_good_site_urls_pass(campaign, url):
    set_line(campaign / "mkdocs.yml", "site_url", f"'{url}'")
    assert errors(campaign) == []


def test_site_url_without_scheme_fails_check_with_exit_1(campaign):
    set_line(campaign / "mkdocs.yml", "site_url", "wm.example.cn")
    proc = run_placard("check", campaign)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "mkdocs.yml:" in proc.stdout and "site_url 'wm.example.cn'" in proc.stdout


def test_ids_are_at_most_64_characters(campaign):
    slogan = campaign / "slogans" / "waste-01.md"
    set_line(slogan, "id", "a" * 300)
    [f] = errors(campaign, "schema.bad-id")
    assert f.file == "slogans/waste-01.md" and f.line == line_of(slogan, "id: aaa")
    assert "300 characters" in f.message and "64" in f.fix
    set_line(slogan, "id", "a" * 64)
    assert errors(campaign, "schema.bad-id") == []
    set_line(slogan, "id", "a" * 65)
    assert len(errors(campaign, "schema.bad-id")) == 1


def test_a_file_name_with_a_newline_is_not_an_id(campaign):
    src = campaign / "slogans" / "waste-01.md"
    bad = campaign / "slogans" / "waste-01\n.md"
    src.rename(bad)
    [f] = errors(campaign, "schema.bad-id")
    assert f.file == "slogans/waste-01\n.md"
    assert "file name" in f.message and "rename the file" in f.fix


def test_a_guide_file_name_with_a_newline_is_refused_even_with_an_id(campaign):
    (campaign / "docs" / "guides" / "traffic.md").rename(campaign / "docs" / "guides" / "traf\nfic.md")
    [f] = errors(campaign, "schema.bad-file-name")
    assert "rename the file" in f.fix


def test_a_long_file_name_is_not_an_id(campaign):
    (campaign / "slogans" / "waste-01.md").rename(campaign / "slogans" / ("w" * 200 + ".md"))
    [f] = errors(campaign, "schema.bad-id")
    assert "rename the file" in f.fix and "200 characters" in f.message


# -- 3. findings, not tracebacks --------------------------------------------------------------------

HUGE = "9" * 5000


@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, "0x" + "f" * 4000, '!!float "abc"', "!!int abc",
                                   "!!bool maybe", "1." + "5" * 5000])
@pytest.mark.parametrize("where", ["slogans/waste-01.md", "docs/guides/traffic.md", "docs/ads/zhiyuan.md",
                                   "mkdocs.yml"])
def test_bad_yaml_values_are_findings(campaign, where, value):
    path = campaign / where
    if where == "mkdocs.yml":
        text = re.sub(r"^    search_terms: .*$", lambda m: f"    search_terms: {value}", path.read_text("utf-8"),
                      flags=re.M)
        path.write_text(text, "utf-8")
        needle = "search_terms:"
    else:
        set_line(path, "tags", value)
        needle = "tags:"
    found = errors(campaign)
    assert found, value
    assert any(f.file == where and f.line == line_of(path, needle) for f in found), found


def test_huge_number_fails_check_with_exit_1_and_no_traceback(campaign):
    set_line(campaign / "slogans" / "waste-01.md", "text", HUGE)
    proc = run_placard("check", campaign)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert "slogans/waste-01.md:2" in proc.stdout and "4300" in proc.stdout


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_dates_out_of_range_are_findings(campaign, day):
    slogan = campaign / "slogans" / "waste-01.md"
    set_line(slogan, "valid_to", day)
    [f] = errors(campaign, "schema.bad-value")
    assert f.field == "valid_to" and f.line == line_of(slogan, "valid_to:") and "2999-12-31" in f.message


def test_a_tagged_timestamp_that_is_no_date_is_a_finding(campaign):
    set_line(campaign / "slogans" / "waste-01.md", "valid_to", "!!timestamp nonsense")
    [f] = errors(campaign, "schema.bad-value")
    assert f.field == "valid_to" and "not a valid date" in f.message


def test_placement_period_far_in_the_future_is_a_finding(campaign):
    pl = campaign / "posters" / "placements" / "fenghuang-hoarding.yml"
    pl.write_text(pl.read_text("utf-8").replace("to: 2027-03-31}", "to: 9999-12-31}"), "utf-8")
    proc = run_placard("check", campaign)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "9999-12-31 is out of range" in proc.stdout


def test_approvals_report_on_the_last_day_does_not_overflow(campaign):
    proc = run_placard("check", campaign, "--report", "approvals", "--date", "9999-12-31")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr


def test_artwork_symlink_loop_is_a_finding(campaign):
    art = campaign / "docs" / "ads" / "loop.png"
    os.symlink("loop.png", art)
    set_line(campaign / "docs" / "ads" / "zhiyuan.md", "artwork", "loop.png")
    found = errors(campaign)
    [f] = [f for f in found if f.rule == "ad.artwork"]
    assert "loop" in f.message and f.file == "docs/ads/zhiyuan.md"
    assert any(f.rule == "load.symlink" and f.file == "docs/ads/loop.png" for f in found)


def test_artwork_path_with_nul_is_a_finding(campaign):
    set_line(campaign / "docs" / "ads" / "zhiyuan.md", "artwork", '"zhiyuan\\0.png"')
    [f] = errors(campaign, "ad.artwork")
    assert "NUL" in f.message


# -- 4. only PNG, JPEG and WebP ---------------------------------------------------------------------

EPS_LOOP = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n{ } loop\n"


def test_eps_artwork_is_refused_without_running_ghostscript(campaign):
    (campaign / "docs" / "ads" / "zhiyuan.png").write_bytes(EPS_LOOP)  # the name says PNG; the bytes say EPS
    proc = run_placard("check", campaign, timeout=60)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "not a PNG, JPEG or WebP image" in proc.stdout


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_other_image_formats_are_refused(campaign, fmt):
    Image.new("RGB", (40, 30), "red").save(campaign / "docs" / "ads" / "zhiyuan.png", fmt)
    [f] = errors(campaign, "ad.artwork")
    assert "PNG, JPEG or WebP" in f.message and "WebP" in f.fix


def test_webp_and_jpeg_artwork_are_accepted(campaign):
    Image.new("RGB", (400, 300), "red").save(campaign / "docs" / "ads" / "zhiyuan.png", "WEBP")
    Image.new("RGB", (400, 300), "blue").save(campaign / "docs" / "ads" / "fenlei.png", "JPEG")
    assert errors(campaign) == []


def _with_logo(campaign: Path, name: str) -> None:
    mk = campaign / "mkdocs.yml"
    text = mk.read_text("utf-8")
    assert text.count("    posters:\n") == 1  # the example's poster settings (public_sets): add the logo there
    mk.write_text(text.replace("    posters:\n", f"    posters:\n      logo: {name}\n"), "utf-8")


def test_eps_logo_is_refused(campaign):
    (campaign / "logo.png").write_bytes(EPS_LOOP)
    _with_logo(campaign, "logo.png")
    found = errors(campaign, "poster.image")
    assert found and all("not a PNG, JPEG or WebP image" in f.message and "WebP" in f.fix for f in found)


def test_logo_outside_the_campaign_is_refused(campaign, tmp_path):
    outside = tmp_path / "elsewhere.png"
    Image.new("RGB", (10, 10)).save(outside)
    _with_logo(campaign, str(outside))
    found = errors(campaign, "poster.image")
    assert found and all("inside the campaign folder" in f.message for f in found)


def test_a_logo_inside_the_campaign_is_fine(campaign):
    Image.new("RGB", (64, 64), "white").save(campaign / "logo.png")
    _with_logo(campaign, "logo.png")
    assert errors(campaign) == []


def test_long_texts_are_refused_before_layout(campaign):
    slogan = campaign / "slogans" / "waste-01.md"
    set_line(slogan, "text", "文明" * 3000)
    guide = campaign / "docs" / "guides" / "traffic.md"
    set_line(guide, "title", "指南" * 300)
    found = errors(campaign, "schema.too-long")
    assert {(f.file, f.field) for f in found} == {("slogans/waste-01.md", "text"), ("docs/guides/traffic.md", "title")}
    assert all("500" in f.message for f in found)


# -- 5. symbolic links ------------------------------------------------------------------------------

@pytest.mark.parametrize("where", ["docs/leak.txt", "docs/guides/leak.md", "slogans/leak.md", "posters/leak.yml"])
def test_links_out_of_the_campaign_are_refused(campaign, where):
    os.symlink("/etc/passwd", campaign / where)
    [f] = errors(campaign, "load.symlink")
    assert f.file == where and "/etc/passwd" in f.message and f.fix


def test_link_to_a_folder_outside_is_refused(campaign, tmp_path):
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "a.txt").write_text("x")
    os.symlink(tmp_path / "secret", campaign / "docs" / "more")
    [f] = errors(campaign, "load.symlink")
    assert f.file == "docs/more"


def test_links_inside_the_campaign_are_fine(campaign):
    os.symlink("../ads/zhiyuan.png", campaign / "docs" / "guides" / "same.png")
    assert errors(campaign) == []


def test_leaked_file_is_not_published(campaign):
    os.symlink("/etc/passwd", campaign / "docs" / "leak.txt")
    proc = run_placard("build", campaign, "--out", campaign / "site", "--no-posters")
    assert proc.returncode == 1 and "load.symlink" in proc.stdout + proc.stderr
    assert not (campaign / "site" / "leak.txt").exists()


def test_python_tags_never_run(campaign, tmp_path):
    marker = tmp_path / "pwned"
    slogan = campaign / "slogans" / "waste-01.md"
    set_line(slogan, "tags", f"!!python/object/apply:os.system ['touch {marker}']")
    set_line(slogan, "approved_by", "!!python/object/new:os.system [x]")
    check_campaign(campaign)
    assert not marker.exists()


def test_a_poster_set_file_name_with_a_newline_is_refused(campaign):
    (campaign / "posters" / "banner.yml").rename(campaign / "posters" / "ban\nner.yml")
    [f] = [f for f in errors(campaign, "poster.set") if "file name" in f.message]
    assert f.file == "posters/ban\nner.yml" and "rename the file" in f.fix


def test_docs_dir_outside_the_campaign_is_refused(campaign, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    mk = campaign / "mkdocs.yml"
    mk.write_text(mk.read_text("utf-8").replace("docs_dir: docs", f"docs_dir: {tmp_path / 'elsewhere'}"), "utf-8")
    [f] = errors(campaign, "trust.path")  # issue 20: with its line, and the pages are not read
    assert f.file == "mkdocs.yml" and f.field == "docs_dir" and f.line == line_of(mk, "docs_dir:")
