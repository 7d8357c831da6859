"""Issue 20 item 2: a campaign's mkdocs.yml must not run a stranger's Python unasked.

MkDocs reads mkdocs.yml with PyYAML's full loader (``!!python/object/apply:os.system``) and runs
every module under ``hooks:``. `placard check` reports them (file, line, what runs) as
``trust.code`` errors; `placard build` stops before MkDocs reads the file, unless the user trusts
the campaign: ``--trust``, ``PLACARD_TRUST=1`` or the user's own list, never the campaign's.
"""

from __future__ import annotations

import importlib.util
import json
import marshal
import os
import sys
from pathlib import Path

import pytest
from conftest import write
from hostile_support import run_cli as run


@pytest.fixture(autouse=True)
def _own_config(tmp_path, monkeypatch):
    """The user's settings in a folder of the test's own (never the real ~/.config)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user-config"))
    monkeypatch.delenv("PLACARD_TRUST", raising=False)


def edit(root: Path, old: str, new: str) -> None:
    cfg = root / "mkdocs.yml"
    text = cfg.read_text("utf-8")
    assert old in text, old
    cfg.write_text(text.replace(old, new, 1), "utf-8")


def line_of(root: Path, needle: str) -> int:
    lines = (root / "mkdocs.yml").read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def plant_tag(root: Path, proof: Path) -> None:
    """A python tag under a Markdown extension's option, as the hostile pass sent it."""
    cmd = json.dumps(f"{sys.executable} -c \"open('{proof}', 'w').write('ran')\"")
    edit(
        root,
        "      permalink: false",
        f"      permalink: false\n      slugify: !!python/object/apply:os.system [{cmd}]",
    )


def plant_hook(root: Path, proof: Path) -> None:
    write(root / "hooks" / "extra.py", f"open({str(proof)!r}, 'w').write('ran')\n")
    edit(root, "  - hooks/placard_hooks.py", "  - hooks/placard_hooks.py\n  - hooks/extra.py")


def test_a_python_tag_is_reported_and_build_refuses_to_run_it(campaign, tmp_path, capsys):
    proof = tmp_path / "proof.txt"
    plant_tag(campaign, proof)
    code, out = run("check", campaign, capsys=capsys)
    assert code == 1, out
    assert f"mkdocs.yml:{line_of(campaign, 'slugify: !!python')}: error [trust.code]" in out, out
    assert "'!!python/object/apply:os.system' runs Python" in out
    assert "--trust" in out and "PLACARD_TRUST=1" in out
    code, out = run("build", campaign, "--no-posters", capsys=capsys)
    assert code == 1, out
    assert "Traceback" not in out
    assert not proof.exists(), "build ran the campaign's python tag"
    assert not (campaign / "site").exists()


def test_a_hook_module_is_reported_and_build_refuses_to_run_it(campaign, tmp_path, capsys):
    proof = tmp_path / "proof.txt"
    plant_hook(campaign, proof)
    code, out = run("check", campaign, capsys=capsys)
    assert code == 1, out
    assert (
        f"mkdocs.yml:{line_of(campaign, '- hooks/extra.py')}: error [trust.code] field 'hooks': "
        "the hook module 'hooks/extra.py' is Python"
    ) in out, out
    assert "placard_hooks.py" not in out  # placard's own one-liner is not a finding
    code, out = run("build", campaign, "--no-posters", capsys=capsys)
    assert code == 1 and not proof.exists(), out


def test_a_plugin_placard_does_not_know_is_code_too(campaign, capsys):
    edit(campaign, "plugins:\n", "plugins:\n  - macros\n  - material/tags\n")
    code, out = run("check", campaign, capsys=capsys)
    assert code == 1, out
    assert (
        "error [trust.code] field 'plugins': the plugin 'macros' is not one placard knows" in out
    ), out
    assert "'material/tags'" not in out and "'search'" not in out


def test_material_emoji_names_are_not_code_of_the_campaign(campaign, capsys):
    edit(
        campaign,
        "  - tables\n",
        "  - tables\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n",
    )
    code, out = run("check", campaign, capsys=capsys)
    assert "trust.code" not in out, out
    edit(campaign, "emoji.to_svg", "emoji.to_svg\n      other: !!python/name:builtins.eval")
    code, out = run("check", campaign, capsys=capsys)
    assert code == 1 and "'!!python/name:builtins.eval' runs Python" in out, out


@pytest.mark.parametrize("how", ["flag", "env", "user-list"])
def test_the_user_may_trust_the_campaign(campaign, tmp_path, capsys, monkeypatch, how):
    proof = tmp_path / "proof.txt"
    plant_hook(campaign, proof)
    args = ["build", campaign, "--no-posters", "--no-staff"]
    if how == "flag":
        args.append("--trust")
    elif how == "env":
        monkeypatch.setenv("PLACARD_TRUST", "1")
    else:
        write(
            tmp_path / "user-config" / "placard" / "trusted", f"# campaigns I wrote\n{campaign}\n"
        )
    code, out = run(*args, capsys=capsys)
    assert code == 0, out
    assert "warning [trust.code]" in out  # still said, as a warning
    assert proof.read_text() == "ran"


def test_a_trust_list_inside_the_campaign_does_not_count(campaign, tmp_path, capsys, monkeypatch):
    proof = tmp_path / "proof.txt"
    plant_hook(campaign, proof)
    write(campaign / ".config" / "placard" / "trusted", f"{campaign}\n")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(campaign / ".config"))
    code, out = run("build", campaign, "--no-posters", capsys=capsys)
    assert code == 1 and not proof.exists(), out


def test_a_planted_pycache_of_placards_hook_never_runs(campaign, tmp_path, capsys):
    """The one-liner hooks/placard_hooks.py is placard's; bytecode beside it that claims to be its
    compiled form (same mtime and size) must not run: placard loads its own installed copy."""
    proof = tmp_path / "proof.txt"
    src = campaign / "hooks" / "placard_hooks.py"
    st = src.stat()
    evil = compile(
        f"open({str(proof)!r}, 'w').write('ran')\nfrom placard.mkdocs_hooks import *\n",
        str(src),
        "exec",
    )
    pyc = Path(importlib.util.cache_from_source(str(src)))
    pyc.parent.mkdir(exist_ok=True)
    header = (
        importlib.util.MAGIC_NUMBER
        + (0).to_bytes(4, "little")
        + (int(st.st_mtime) & 0xFFFFFFFF).to_bytes(4, "little")
        + (st.st_size & 0xFFFFFFFF).to_bytes(4, "little")
    )
    pyc.write_bytes(header + marshal.dumps(evil))
    os.utime(src, (st.st_atime, st.st_mtime))
    code, out = run("build", campaign, "--no-posters", "--no-staff", capsys=capsys)
    assert code == 0, out
    assert not proof.exists(), "the campaign's planted bytecode ran"


def test_an_inherited_file_is_read_for_code_too(campaign, tmp_path, capsys):
    proof = tmp_path / "proof.txt"
    write(
        campaign / "base.yml",
        f"extra_css: []\nsome_option: !!python/object/apply:os.system ['touch {proof}']\n",
    )
    edit(campaign, "site_name:", "INHERIT: base.yml\nsite_name:")
    code, out = run("check", campaign, capsys=capsys)
    assert code == 1, out
    assert "base.yml:2: error [trust.code]" in out and "when MkDocs reads base.yml" in out, out
    edit(campaign, "INHERIT: base.yml", f"INHERIT: {tmp_path / 'elsewhere.yml'}")
    code, out = run("check", campaign, capsys=capsys)
    assert (
        code == 1 and "error [trust.path] field 'INHERIT'" in out and "outside the campaign" in out
    ), out
    assert not proof.exists()


def test_serve_does_not_run_the_code_either(campaign, tmp_path):
    """placard serve's first build stops at the findings: the page shows them, the hook never runs."""
    import argparse

    from placard.commands.serve import Session

    proof = tmp_path / "proof.txt"
    plant_hook(campaign, proof)
    args = argparse.Namespace(
        published=False, posters=False, staff=False, verbose=False, trust=False
    )
    session = Session(campaign, args)
    try:
        session.full()
        assert session.state.site_dir is None
        assert any(f.rule == "trust.code" for f in session.state.errors)
        assert not proof.exists()
    finally:
        session.site.close()


def test_the_campaign_cannot_switch_the_trust_findings_off(campaign, tmp_path, capsys):
    proof = tmp_path / "proof.txt"
    plant_hook(campaign, proof)
    edit(campaign, "    icp:", "    lint: {disable: [trust.code, trust], warn: [trust]}\n    icp:")
    code, out = run("check", campaign, capsys=capsys)
    assert code == 1 and "error [trust.code] field 'hooks'" in out, out
    assert (
        "warning [lint.unswitchable] field 'extra.placard.lint.disable': 'trust.code' cannot be switched off"
        in out
    )
