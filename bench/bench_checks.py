"""Content checks on a big campaign: 20,000 slogans and 1,000 guide pages.

Target (issue 5): the checks run in under 3 s on one core. Printed next to the
time to load the campaign alone (same run, same machine) and, as a baseline
for the typo dictionary, a naive search (one ``str.find`` loop per pair).

    PYTHONPATH=src taskset -c 0 python bench/bench_checks.py [--slogans N] [--pages N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from placard.engine import run_checks
from placard.load import load_campaign
from placard.rules import CHECKS
from placard.rules.typos import builtin_pairs
from placard.text import segments

TODAY = dt.date(2026, 11, 23)
MKDOCS = """site_name: bench
docs_dir: docs
extra:
  placard:
    name: 基准活动
    office: 基准办
    themes:
      - {id: civility, name: 文明礼仪, colour: "#c0392b"}
"""
HALVES = ["文明出行", "安全你我", "礼让斑马线", "平安每一天", "垃圾分类", "从我做起", "光盘行动",
          "节约粮食", "志愿服务", "温暖人心", "排队守秩序", "礼让见风度", "诚信立身", "友善待人",
          "崇德向善", "见贤思齐", "一言一行", "显文明", "一举一动", "树新风"]
FAULTS = ["再接再励", "宏扬传统美德", "如火如茶", "文明出行,安全你我", "這是", "垃圾 分类", "文明。。。",
          "富强、民主、文明、和谐，自由、平等、公正、法制，爱国、敬业、诚信、友善"]
PARAGRAPH = ("过马路走人行横道，看清信号灯，不闯红灯、不翻越护栏。骑电动自行车要戴安全头盔，"
             "不载过多的人。在非机动车道内靠右行驶，不逆行。行经人行横道减速慢行，遇行人正在通过时停车让行。")


def make(root: Path, n_slogans: int, n_pages: int, seed: int = 1) -> None:
    rnd = random.Random(seed)
    (root / "slogans").mkdir(parents=True)
    (root / "docs" / "guides").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    head = "theme: civility\nstatus: approved\napproved_by: 王丽\napproved_on: 2026-09-01\n"
    for i in range(n_slogans):
        text = f"{rnd.choice(HALVES)}，{rnd.choice(HALVES)}"
        if i % 100 == 0:
            text = rnd.choice(FAULTS)
        (root / "slogans" / f"s{i:05d}.md").write_text(f'---\ntext: "{text}"\n{head}---\n', encoding="utf-8")
    for i in range(n_pages):
        parts = [f"# 指南 {i}", ""]
        for j in range(12):
            para = PARAGRAPH
            if (i + j) % 40 == 0:
                para += rnd.choice(FAULTS)
            parts += [f"## 第{j}节", "", para, "", "- 要点：`code,span` 见 https://wm.example.cn/a?b=1,2", ""]
        parts += ["```", "代码,不查", "```"]
        body = "\n".join(parts)
        (root / "docs" / "guides" / f"g{i:04d}.md").write_text(
            f"---\ntitle: 文明指南{i}\n{head}key_points: [行人走斑马线, 不闯红灯]\n---\n{body}\n",
            encoding="utf-8")


class Timer:
    """Wall-clock and CPU time of a block (CPU time is what one core spent, whatever the load)."""

    def __enter__(self):
        self.w, self.c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.w
        self.cpu = time.process_time() - self.c


def naive_typos(texts, pairs) -> int:
    n = 0
    for t in texts:
        for wrong, _ in pairs:
            if t.find(wrong) >= 0:
                n += 1
    return n


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--slogans", type=int, default=20_000)
    ap.add_argument("--pages", type=int, default=1_000)
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="placard-bench-"))
    try:
        make(tmp, args.slogans, args.pages)
        with Timer() as t_load:
            loaded = load_campaign(tmp, TODAY)
        campaign = loaded.campaign
        assert campaign is not None and not loaded.findings, loaded.findings[:3]
        # one-off costs that do not grow with the campaign (jieba dictionary, OpenCC tables)
        with Timer() as t_init:
            from placard.rules.script import _converter
            from placard.rules.typos import _tokenizer
            _tokenizer()
            _converter()
        with Timer() as t_checks:
            findings = run_checks(campaign)
        campaign.__dict__.pop("_text_segments", None)
        with Timer() as t_extract:
            segs = segments(campaign)
        per = []
        for check in CHECKS:
            with Timer() as t:
                check(campaign)
            per.append((f"  {check.__module__.rsplit('.', 1)[-1]}", t))
        chars = sum(len(s.text) for s in segs)
        with Timer() as t_naive:
            naive_typos([s.text for s in segs], builtin_pairs())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    rows = [
        ("load campaign alone (baseline)", t_load),
        ("one-off init: jieba dictionary + OpenCC", t_init),
        ("all checks (run_checks, incl. lint switches)", t_checks),
        ("  text extraction (shared by all checks)", t_extract),
        *per,
        ("naive typo search (str.find per pair)", t_naive),
    ]
    print(f"{args.slogans} slogans, {args.pages} pages: {len(segs)} text pieces, {chars:,} characters, "
          f"{len(findings)} findings; Python {sys.version.split()[0]}")
    print(f"{'step':<48}{'wall s':>9}{'cpu s':>9}")
    for name, t in rows:
        print(f"{name:<48}{t.wall:>9.3f}{t.cpu:>9.3f}")
    ok = t_checks.cpu < 3.0
    print(f"target: all checks < 3.000 s on one core -> {'OK' if ok else 'TOO SLOW'} "
          f"({t_checks.cpu:.3f} s CPU, {t_checks.wall:.3f} s wall; load alone {t_load.cpu:.3f} s CPU)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
