"""The public/staff split and escaping, on the functions themselves (fast: no build; bench/mutation.py
runs these).

Which folder the public site and the staff site (内部资料) go to, and when placard refuses because the
staff site would be published with the public one (placard.sites). tests/test_staff_site.py checks the
same rules through whole builds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from placard import sites


@pytest.fixture
def camp(tmp_path):
    """A campaign folder with its source folders."""
    root = tmp_path / "c"
    for d in ("docs", "slogans", "posters", "hooks"):
        (root / d).mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: 测试\n", "utf-8")
    return root


def mk(root: Path, text: str) -> None:
    (root / "mkdocs.yml").write_text("site_name: 测试\n" + text, "utf-8")


# ---- where each site goes -------------------------------------------------------------------------


def test_public_site_defaults_to_site_beside_mkdocs_yml(camp):
    assert sites.public_out(camp) == (camp / "site").resolve()


def test_public_site_follows_site_dir(camp):
    mk(camp, "site_dir: out/public\n")
    assert sites.public_out(camp) == (camp / "out" / "public").resolve()


@pytest.mark.parametrize("value", ["''", "3", "[a, b]", "null"])
def test_public_site_ignores_a_site_dir_that_is_not_a_folder_name(camp, value):
    mk(camp, f"site_dir: {value}\n")
    assert sites.public_out(camp) == (camp / "site").resolve()


@pytest.mark.parametrize(
    "text",
    ["site_dir: [unclosed\n", "- a list\n- not a mapping\n", None],
    ids=["bad-yaml", "a-list", "no-file"],
)
def test_public_site_default_when_mkdocs_yml_unreadable(camp, text):
    if text is None:
        (camp / "mkdocs.yml").unlink()
    else:
        (camp / "mkdocs.yml").write_text(text, "utf-8")
    assert sites.public_out(camp) == (camp / "site").resolve()


def test_public_site_default_when_mkdocs_yml_not_utf8(camp):
    (camp / "mkdocs.yml").write_bytes("site_dir: 公开\n".encode("gbk"))
    assert sites.public_out(camp) == (camp / "site").resolve()


def test_staff_site_defaults_to_staff(camp):
    assert sites.staff_out(camp) == (camp / "staff").resolve()


def test_staff_site_follows_extra_placard_staff_dir(camp):
    mk(camp, "site_dir: site\nextra:\n  placard:\n    staff_dir: ../internal\n")
    assert sites.staff_out(camp) == (camp.parent / "internal").resolve()


@pytest.mark.parametrize("value", ["''", "'   '", "7", "null"])
def test_staff_site_ignores_a_blank_or_odd_staff_dir(camp, value):
    mk(camp, f"extra:\n  placard:\n    staff_dir: {value}\n")
    assert sites.staff_out(camp) == (camp / "staff").resolve()


@pytest.mark.parametrize("extra", ["extra: 5\n", "extra:\n  placard: 5\n", "extra:\n  other: 1\n"])
def test_staff_site_default_when_extra_is_odd(camp, extra):
    mk(camp, extra)
    assert sites.staff_out(camp) == (camp / "staff").resolve()


def test_staff_site_from_the_mapping_already_loaded(camp):
    mk(camp, "extra:\n  placard:\n    staff_dir: from-file\n")
    assert sites.staff_out(camp, {"staff_dir": "neibu"}) == (camp / "neibu").resolve()
    assert sites.staff_out(camp, {}) == (camp / "staff").resolve()


def test_staff_site_from_a_mapping_like_object(camp):
    class Config:  # MkDocs' config objects: not dicts, but have .get
        def get(self, key, default=None):
            return {"staff_dir": "neibu"}.get(key, default)

    assert sites.staff_out(camp, Config()) == (camp / "neibu").resolve()


def test_staff_site_default_when_the_loaded_value_is_not_a_mapping(camp):
    assert sites.staff_out(camp, "neibu") == (camp / "staff").resolve()


# ---- the two sites must be apart --------------------------------------------------------------------


def apart(camp, public, staff, docs_dir="docs"):
    return sites.apart_problem((camp / public).resolve(), (camp / staff).resolve(), camp, docs_dir)


def test_default_sites_are_apart(camp):
    assert apart(camp, "site", "staff") is None


def test_staff_beside_the_campaign_is_allowed(camp):
    assert apart(camp, "site", "../internal") is None
    # a name that starts like another folder's is not inside it
    assert apart(camp, "site", "staffsite") is None
    assert apart(camp, "site", "docsx") is None


def test_same_folder_refused(camp):
    public = (camp / "site").resolve()
    assert apart(camp, "site", "site") == (
        f"the staff site and the public site would be the same folder ({public})"
    )


def test_staff_inside_public_refused_it_would_be_published(camp):
    public, staff = (camp / "site").resolve(), (camp / "site" / "staff").resolve()
    assert apart(camp, "site", "site/staff") == (
        f"the staff site ({staff}) would be inside the public site ({public}) and be published with it"
    )
    assert apart(camp, "site", "site/a/b") is not None


def test_public_inside_staff_refused(camp):
    public, staff = (camp / "staff" / "site").resolve(), (camp / "staff").resolve()
    assert apart(camp, "staff/site", "staff") == (
        f"the public site ({public}) would be inside the staff site ({staff})"
    )


@pytest.mark.parametrize("staff", [".", ".."])
def test_staff_replacing_the_campaign_refused(camp, staff):
    where = (camp / staff).resolve()  # the public site elsewhere (else it is inside the staff site)
    assert apart(camp, "/tmp/placard-public-elsewhere", staff) == (
        f"the staff site would replace the campaign folder itself ({where})"
    )


def test_staff_inside_docs_refused_mkdocs_would_publish_it(camp):
    staff = (camp / "docs" / "staff").resolve()
    assert apart(camp, "site", "docs/staff") == (
        f"the staff site ({staff}) would be inside the source folder docs/ (MkDocs would publish it)"
    )
    assert apart(camp, "site", "docs") is not None


def test_staff_inside_the_campaigns_own_docs_dir_refused(camp):
    staff = (camp / "pages" / "neibu").resolve()
    assert apart(camp, "site", "pages/neibu", docs_dir="pages") == (
        f"the staff site ({staff}) would be inside the source folder pages/ (MkDocs would publish it)"
    )
    # docs/ is then an ordinary folder: MkDocs reads pages/
    assert apart(camp, "site", "docs/neibu", docs_dir="pages") is None


@pytest.mark.parametrize("src", ["slogans", "posters", "hooks"])
def test_staff_inside_another_source_folder_refused(camp, src):
    staff = (camp / src / "out").resolve()
    assert apart(camp, "site", f"{src}/out") == (
        f"the staff site ({staff}) would be inside the source folder {src}/"
    )


def test_apart_problem_takes_a_relative_campaign_root(camp, monkeypatch):
    monkeypatch.chdir(camp.parent)
    rel = Path(camp.name)
    elsewhere = (camp.parent / "pub").resolve()
    assert sites.apart_problem(elsewhere, camp.resolve(), rel) == (
        f"the staff site would replace the campaign folder itself ({camp.resolve()})"
    )
    assert (
        sites.apart_problem((camp / "site").resolve(), (camp / "docs" / "x").resolve(), rel)
        is not None
    )


# ---- the access logs the scan counts read ----------------------------------------------------------


def test_scan_logs_relative_globs_sorted_files_only_once(camp):
    logs = camp / "logs"
    logs.mkdir()
    for name in ("b.log", "a.log", "c.txt"):
        (logs / name).write_text("x", "utf-8")
    (logs / "d.log").mkdir()  # a folder matching the pattern is not a log
    assert sites.scan_logs(camp, ["logs/*.log", "logs/a.log"]) == [logs / "a.log", logs / "b.log"]


def test_scan_logs_absolute_paths(camp, tmp_path):
    far = tmp_path / "var" / "access.log"
    far.parent.mkdir()
    far.write_text("x", "utf-8")
    assert sites.scan_logs(camp, [str(far)]) == [far]


def test_scan_logs_none_or_missing(camp):
    assert sites.scan_logs(camp, None) == []
    assert sites.scan_logs(camp, ["logs/nothing-*.log"]) == []
