"""The message catalogues are complete: every text placard can show has a zh_Hans, zh_Hant and en
translation with the same placeholders, and each shipped .mo matches its .po (issue 21)."""

from __future__ import annotations

import subprocess
import sys

from placard import i18n


def test_every_catalogue_is_complete_and_compiled():
    from placard.i18n_tools import problems

    found = problems()
    assert found == [], (
        "\n".join(found[:50]) + "\nfix: python -m placard.i18n_tools update, translate, compile"
    )


def test_default_language_is_simplified_chinese_and_english_on_request():
    out = subprocess.run(
        [sys.executable, "-m", "placard", "--help"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert "把宣传活动" in out.stdout
    out = subprocess.run(
        [sys.executable, "-m", "placard", "--lang", "en", "--help"], capture_output=True, text=True
    )
    assert "Build publicity campaigns" in out.stdout


def test_unknown_language_lists_the_languages():
    out = subprocess.run(
        [sys.executable, "-m", "placard", "--lang", "xx", "check"], capture_output=True, text=True
    )
    assert out.returncode == 2
    assert "xx" in out.stderr
    for tag in ("zh-Hans", "zh-Hant", "en"):
        assert tag in out.stderr


def test_language_names_a_user_writes():
    assert i18n.normalise("zh-Hant") == "zh_Hant"
    assert i18n.normalise("ZH_tw") == "zh_Hant"
    assert i18n.normalise("zh-CN") == "zh_Hans"
    assert i18n.normalise("EN") == "en"
    assert i18n.normalise("fr") is None
    assert i18n.in_language("zh-Hant", "placard: interrupted") == "placard：已中斷"
    assert i18n.in_language("en", "placard: interrupted") == "placard: interrupted"
