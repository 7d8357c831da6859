"""Issue 20 (trust, second pass): placard deletes only what it made, publishes only from inside the
campaign, and swaps its two sites together.

Each test here failed before the fix: look-alike temporaries were deleted or renamed into place, a
folder that merely looked like a site was replaced, ``custom_dir``/``docs_dir`` could lie anywhere,
a 300-character path part gave a traceback, and a staff build that failed left the new public site.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest
from conftest import write
from hostile_support import run_cli as run

from placard import outdir

LONG = "a" * 300  # longer than any file name the system allows (255 bytes)


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def set_yml(root: Path, old: str, new: str) -> None:
    cfg = root / "mkdocs.yml"
    text = cfg.read_text("utf-8")
    assert old in text, old
    cfg.write_text(text.replace(old, new, 1), "utf-8")


# --- item 3: only placard's own temporaries go, by exact name and marker ---------------------------


LOOK_ALIKES = (
    ".site.old-backup2025",
    ".staff.building-draft",
    ".site.old-99999-x",
    ".site2.old-keep",
)


def test_look_alike_folders_beside_the_outputs_survive_builds(campaign, capsys):
    """A user's backups named like placard's temporaries (even holding a copy of its marker, as a
    `cp -r site .site.old-backup2025` would) are neither deleted nor renamed into place."""
    planted = {}
    for name in LOOK_ALIKES:
        folder = campaign / name
        write(folder / "index.html", f"<p>{name} 备份</p>")
        (folder / outdir.MARKER).write_text(outdir.marker_text(), "utf-8")
        old = (
            time.time() - 3 * 3600
        )  # older than an hour (the old rule's age for names without a PID)
        os.utime(folder, (old, old))
        planted[name] = tree(folder)
    code, out = run("build", campaign, "--no-posters", capsys=capsys)
    assert code == 0, out
    code, out = run(
        "build", campaign, "--no-posters", "--no-staff", "--out", campaign / "site2", capsys=capsys
    )
    assert code == 0, out
    for name, files in planted.items():
        assert (campaign / name).is_dir(), f"{name} was removed"
        assert tree(campaign / name) == files, f"{name} was changed"
    assert "备份" not in (campaign / "site2" / "index.html").read_text("utf-8")


def test_clean_stale_leaves_look_alikes_of_a_dead_build(tmp_path):
    out = tmp_path / "site"
    write(out / "index.html", "site")
    names = [*LOOK_ALIKES, ".site.building-12345", ".site.old-1-abc", ".site.old-x-abcd1234"]
    for name in names:
        write(tmp_path / name / "a.txt", name)
        old = time.time() - 3 * 24 * 3600
        os.utime(tmp_path / name, (old, old))
    assert outdir.clean_stale(out) == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "site") == sorted(names)


# --- item 4 and 9: folders mkdocs.yml names lie inside the campaign; long path parts are findings --


def test_a_custom_dir_outside_the_campaign_is_refused(campaign, tmp_path, capsys):
    elsewhere = tmp_path / "elsewhere"
    write(elsewhere / "secret.txt", "别人的文件")
    write(elsewhere / "main.html", '{% extends "base.html" %}\n')
    set_yml(campaign, "name: material", f"name: material\n  custom_dir: {elsewhere}")
    code, out = run("check", campaign, capsys=capsys)
    assert code == 1, out
    line = (campaign / "mkdocs.yml").read_text("utf-8").splitlines().index(
        f"  custom_dir: {elsewhere}"
    ) + 1
    assert f"mkdocs.yml:{line}: error [trust.path] field 'theme.custom_dir'" in out, out
    assert "lies outside the campaign folder" in out and "e.g. overrides" in out
    code, out = run("build", campaign, "--no-posters", capsys=capsys)
    assert code == 1 and "Traceback" not in out, out
    assert not (campaign / "site").exists()


def test_a_custom_dir_leading_out_with_dots_is_refused(campaign, tmp_path, capsys):
    write(tmp_path / "other" / "main.html", '{% extends "base.html" %}\n')
    set_yml(campaign, "name: material", "name: material\n  custom_dir: overrides/../../other")
    code, out = run("check", campaign, capsys=capsys)
    assert code == 1 and "error [trust.path] field 'theme.custom_dir'" in out, out


def test_a_custom_dir_inside_the_campaign_is_fine(campaign, capsys):
    write(campaign / "overrides" / "main.html", '{% extends "base.html" %}\n')
    set_yml(campaign, "name: material", "name: material\n  custom_dir: overrides")
    code, out = run("check", campaign, capsys=capsys)
    assert code == 0 and "trust.path" not in out, out


def test_docs_dir_outside_the_campaign_is_a_finding(campaign, tmp_path, capsys):
    write(tmp_path / "elsewhere" / "index.md", "# 别处\n")
    set_yml(campaign, "docs_dir: docs", f"docs_dir: {tmp_path / 'elsewhere'}")
    for command in ("check", "build"):
        code, out = run(command, campaign, capsys=capsys)
        assert code == 1, out
        assert "Traceback" not in out
        assert "mkdocs.yml:" in out and "error [trust.path] field 'docs_dir'" in out, out
    assert not (campaign / "site").exists()


@pytest.mark.parametrize(
    "old, new, field",
    [
        ("docs_dir: docs", f"docs_dir: {LONG}", "docs_dir"),
        ("site_dir: site", f"site_dir: {LONG}", "site_dir"),
        ("    icp:", f"    staff_dir: {LONG}\n    icp:", "extra.placard.staff_dir"),
        ("    icp:", f"    staff_dir: x/{LONG}/y\n    icp:", "extra.placard.staff_dir"),
    ],
)
def test_a_path_part_too_long_is_a_finding_not_a_traceback(campaign, capsys, old, new, field):
    set_yml(campaign, old, new)
    for command in ("check", "build"):
        code, out = run(
            command,
            campaign,
            "--no-posters" if command == "build" else "--format=text",
            capsys=capsys,
        )
        assert code == 1, out
        assert "Traceback" not in out
        if command == "check" or field != "site_dir":
            assert f"field '{field}': {field}: a part of the path has 300 characters" in out, out
        else:  # build refuses the output folder before it checks
            assert (
                "will not write the output folder" in out
                and "a part of the path has 300 characters" in out
            )
        assert "at most 255 bytes" in out


def test_an_action_href_too_long_is_a_finding(campaign, capsys):
    set_yml(campaign, "href: actions.md#volunteer", f"href: {LONG}.md")
    code, out = run("check", campaign, capsys=capsys)
    assert code == 1, out
    assert "Traceback" not in out
    assert "error [actions.href] field 'extra.placard.actions.href'" in out, out
    assert "303 characters" in out


@pytest.mark.parametrize("key", ["logo", "icc", "font"])
def test_a_poster_file_too_long_is_a_finding(campaign, capsys, key):
    set_yml(
        campaign,
        "      public_sets: [traffic-a3]",
        f"      public_sets: [traffic-a3]\n      {key}: x/{LONG}.png",
    )
    code, out = run("check", campaign, capsys=capsys)
    assert code == 1, out
    assert "Traceback" not in out and f"field 'extra.placard.posters.{key}'" in out, out


# --- item 10: the public and the staff site swap together -----------------------------------------


def _fail_staff_builds(monkeypatch):
    """MkDocs' build raises for the staff site's temporary folder, as a path too long for the system
    would (a 300-character slot id in a staff page's path): after the public site was built."""
    import errno

    import mkdocs.commands.build as mk_build

    real = mk_build.build

    def build(config, *args, **kwargs):
        if Path(config.site_dir).name.startswith(".staff.building-"):
            raise OSError(
                errno.ENAMETOOLONG, "File name too long", str(Path(config.site_dir) / LONG)
            )
        return real(config, *args, **kwargs)

    monkeypatch.setattr(mk_build, "build", build)


def test_a_failed_staff_build_leaves_both_previous_sites(campaign, capsys, monkeypatch):
    code, out = run("build", campaign, "--no-posters", capsys=capsys)
    assert code == 0, out
    public, staff = tree(campaign / "site"), tree(campaign / "staff")
    write(campaign / "site" / ".git" / "HEAD", "ref: refs/heads/gh-pages\n")  # a deploy checkout
    slogan = campaign / "slogans" / "traffic-01.md"
    slogan.write_text(slogan.read_text("utf-8").replace("安全每一天", "平安每一天"), "utf-8")
    _fail_staff_builds(monkeypatch)
    code, out = run("build", campaign, "--no-posters", capsys=capsys)
    assert code == 1, out
    assert "Traceback" not in out
    assert "平安每一天" not in (campaign / "site" / "s" / "traffic-01" / "index.html").read_text(
        "utf-8"
    )
    assert tree(campaign / "site") == {**public, ".git/HEAD": tree(campaign / "site")[".git/HEAD"]}
    assert tree(campaign / "staff") == staff
    assert "the staff site's build failed" in out and "File name too long" in out, out
    assert "Neither site was replaced" in out
    assert [p.name for p in campaign.iterdir() if p.name.startswith((".site.", ".staff."))] == []


def test_a_staff_swap_that_fails_puts_the_public_site_back(campaign, capsys, monkeypatch):
    code, out = run("build", campaign, "--no-posters", capsys=capsys)
    assert code == 0, out
    public, staff = tree(campaign / "site"), tree(campaign / "staff")
    slogan = campaign / "slogans" / "traffic-01.md"
    slogan.write_text(slogan.read_text("utf-8").replace("安全每一天", "平安每一天"), "utf-8")
    real = outdir.swap_in

    def swap_in(new, out, finish=True):
        if out.name == "staff":
            raise PermissionError(13, "Permission denied", str(out))
        return real(new, out, finish)

    monkeypatch.setattr(outdir, "swap_in", swap_in)
    code, out = run("build", campaign, "--no-posters", capsys=capsys)
    assert code == 1 and "Permission denied" in out, out
    assert tree(campaign / "site") == public
    assert tree(campaign / "staff") == staff
    assert [p.name for p in campaign.iterdir() if p.name.startswith((".site.", ".staff."))] == []
