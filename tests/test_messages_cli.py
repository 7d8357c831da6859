"""placard speaks Chinese by default and English on request (issue 21): every command's and
subcommand's ``--help`` (argparse's own words too), usage errors, and the commands' messages."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

import pytest
from conftest import env

from placard import cli, i18n

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")

# What may stay in English inside a Chinese help text: option names (--date, -o), metavars (DIR,
# YYYY-MM-DD), choices ({text,json}), paths and file names (posters/*.yml, mkdocs.yml), keys
# (extra.placard.staff_dir), code and names (MkDocs, Excel/WPS, nginx), and `placard COMMAND`.
#: Every command and subcommand name, from placard's parser (placard's own words in a usage line).
COMMAND_WORDS = sorted(
    {w for p in [cli.build_parser()] for a in p._actions if a.__class__.__name__ == "_SubParsersAction"
     for name, sp in a.choices.items() for w in [name, *[n for b in sp._actions
                                                          if b.__class__.__name__ == "_SubParsersAction"
                                                          for n in b.choices]]},
    key=len, reverse=True)
ALLOWED = [
    r"(?<![\w-])--?[\w][\w-]*(=\S+)?",  # --date, -o, -h
    r"\{[\w,-]+\}",  # {text,json}
    r"[\w.*~-]*[/.][\w./*…~\[\]-]+",  # paths, file names, dotted keys, e.g. 127.0.0.1:8000
    r"\b[A-Z][A-Z0-9_:-]+\b",  # metavars, HEAD, PNG, IP:PORT
    r"\bplacard( (" + "|".join(COMMAND_WORDS) + "))*\\b",  # placard review pending
    r"\b\w+_\w+\b",  # field names: scan_distance_m, site_dir
]
# Two English words in a row (a sentence, or a piece of one).
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}[,;:]?\s+[A-Za-z]{2,}\b")
# Chinese terms an English help names on purpose (what the clerk calls the thing).
ZH_TERMS = ("内部资料", "草稿", "迎检台账", "巡查记录", "扫码统计", "印刷清单", "完好", "待填写")


def _parsers(parser: argparse.ArgumentParser, path=()):
    """Every parser under ``parser``: (command words, parser), found in the parser itself."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, (*path, name))


def _help(lang: str, words: tuple[str, ...], capsys) -> str:
    i18n.set_language(lang)
    try:
        with pytest.raises(SystemExit) as exit_:
            cli.main(["--lang", lang, *words, "--help"])
        assert exit_.value.code == 0
        return capsys.readouterr().out
    finally:
        i18n.set_language(None)


def _commands(lang: str):
    i18n.set_language(lang)
    try:
        return [words for words, _p in _parsers(cli.build_parser())]
    finally:
        i18n.set_language(None)


def _english_left(text: str) -> list[str]:
    cleaned = text
    for pattern in ALLOWED:
        cleaned = re.sub(pattern, " ", cleaned)
    return ENGLISH_RUN.findall(cleaned) and [m.group(0) for m in ENGLISH_RUN.finditer(cleaned)]


def test_every_command_is_enumerated():
    words = _commands("zh_Hans")
    # the parser's own list, checked against what a user sees in `placard --help`
    assert ("build",) in words and ("patrols", "match") in words and ("print-order",) in words
    assert len(words) >= 12  # placard, 10 commands, patrols match


@pytest.mark.parametrize("lang", ["zh_Hans", "zh_Hant"])
def test_every_help_is_chinese(lang, capsys):
    for words in _commands(lang):
        text = _help(lang, words, capsys)
        where = "placard " + " ".join(words)
        assert text.startswith("用法：" if lang == "zh_Hans" else "用法："), where
        assert ("选项" if lang == "zh_Hans" else "選項") in text, where
        assert ("显示本帮助并退出" if lang == "zh_Hans" else "顯示本說明並結束") in text, where
        assert CJK.search(text.split("\n\n", 2)[1]), f"{where}: the description is not Chinese"
        left = _english_left(text)
        assert not left, f"{where} --help in {lang} still has English: {left}"


def test_every_help_is_english_on_request(capsys):
    for words in _commands("en"):
        text = _help("en", words, capsys)
        where = "placard " + " ".join(words)
        assert text.startswith("usage: "), where
        assert "options:" in text and "show this help message and exit" in text, where
        text = re.sub(r"\n\s*", "", text)  # a term wrapped over two lines
        for term in ZH_TERMS:
            text = text.replace(term, "")
        assert not CJK.search(text), f"{where} --help in English has Chinese: {CJK.findall(text)}"


def test_the_checker_sees_english():
    # the test above would catch a help text left untranslated
    assert _english_left("选项:\n  --date YYYY-MM-DD     check and publish as on this day")
    assert not _english_left(
        "选项:\n  --date YYYY-MM-DD     按这一天检查（posters/*.yml，placard check）"
    )


def _run(*args, lang_env=None):
    e = env()
    e.pop("PLACARD_LANG", None)
    if lang_env:
        e["PLACARD_LANG"] = lang_env
    return subprocess.run(
        [sys.executable, "-m", "placard", *args], capture_output=True, text=True, env=e, timeout=120
    )


def test_argparse_errors_in_chinese_and_english():
    out = _run("check", "--format", "xml")
    assert out.returncode == 2
    assert out.stderr.startswith("用法：placard check")
    assert (
        "placard check：错误：参数 --format：无效的选项：'xml'（可选：'text', 'json'）"
        in out.stderr
    )
    out = _run("fill")
    assert out.returncode == 2 and "缺少以下参数：LIST" in out.stderr
    out = _run("check", "--nope")
    assert out.returncode == 2 and "无法识别的参数：--nope" in out.stderr
    out = _run("check", "--date", "2026-13-01")
    assert out.returncode == 2 and "“2026-13-01”不是日期：请写成 YYYY-MM-DD" in out.stderr
    out = _run("check", "--format", "xml", lang_env="en")
    assert "argument --format: invalid choice: 'xml' (choose from 'text', 'json')" in out.stderr
    assert out.stderr.startswith("usage: placard check")


def test_placard_lang_environment_and_option():
    assert "Build publicity campaigns" in _run("--help", lang_env="en").stdout
    assert "把宣传活动" in _run("--help").stdout
    assert "把宣傳活動" in _run("--help", lang_env="zh-Hant").stdout
    # --lang wins over the environment
    assert "Build publicity campaigns" in _run("--lang", "en", "--help", lang_env="zh-Hans").stdout
    out = _run("--help", lang_env="xx")
    assert out.returncode == 2 and "xx" in out.stderr and "zh-Hant" in out.stderr


def test_command_messages_follow_the_language(tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x.txt").write_text("x", encoding="utf-8")
    out = _run("init", str(tmp_path / "full"))
    assert out.returncode == 1
    assert (
        f"placard：错误：{tmp_path / 'full'} 不是空文件夹：请选择一个新文件夹，以免覆盖任何文件"
        in out.stderr
    )
    out = _run("init", str(tmp_path / "full"), lang_env="en")
    assert f"placard: error: {tmp_path / 'full'} is not empty: choose a new folder" in out.stderr
    out = _run("serve", str(tmp_path / "full"), "-a", "nowhere")
    assert out.returncode == 1 and "这里没有 mkdocs.yml——这是活动文件夹吗？" in out.stderr
    out = _run(
        "scans", str(tmp_path), "--log", "x.log", "--from", "2026-02-01", "--to", "2026-01-01"
    )
    assert (
        out.returncode == 1 and "--from 2026-02-01 晚于 --to 2026-01-01：请对调两者" in out.stderr
    )
