"""Synthetic campaigns for benchmarks: N slogans with varied Chinese text, and a plain-MkDocs twin."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

FIRST = ["文明出行", "礼让行人", "垃圾分类", "节约粮食", "志愿服务", "爱护环境", "诚信友善", "健康生活",
         "排队守序", "绿色低碳", "邻里和睦", "尊老爱幼", "安全驾驶", "光盘行动", "崇德向善", "爱岗敬业"]
SECOND = ["人人参与", "从我做起", "共建家园", "你我同行", "美好明天", "携手共创", "处处见文明", "温暖全城",
          "点滴积累", "共享共治", "幸福万家", "风清气正", "蔚然成风", "久久为功", "光明更美", "城市更美"]
THEMES = ["civility", "traffic", "dining", "waste", "volunteer", "values", "health"]


def slogan_text(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)}{rng.choice(SECOND)}，{rng.choice(FIRST)}{rng.choice(SECOND)}"


def make_placard_campaign(root: Path, n: int, seed: int = 1) -> Path:
    """The example campaign's settings and pages, with N generated slogans instead of its own."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "docs", root / "docs")
    for ad in (root / "docs" / "ads").glob("*.md"):  # the example ads name example slogans
        lines = ad.read_text("utf-8").splitlines(keepends=True)
        ad.write_text("".join(ln for ln in lines if not ln.startswith("slogans:")), encoding="utf-8")
    (root / "posters").mkdir()
    rng = random.Random(seed)
    out = root / "slogans"
    out.mkdir()
    for i in range(n):
        theme = THEMES[i % len(THEMES)]
        (out / f"s{i:06d}.md").write_text(
            f'---\ntext: "{slogan_text(rng)}"\ntheme: {theme}\nstatus: approved\n'
            f"approved_by: 区文明办\napproved_on: 2026-09-01\n---\n",
            encoding="utf-8",
        )
    return root


def make_plain_mkdocs(root: Path, n: int, seed: int = 1) -> Path:
    """The baseline: N plain Markdown pages with the same theme, search and a small nav."""
    if root.exists():
        shutil.rmtree(root)
    (root / "docs" / "s").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(
        "site_name: baseline\nsite_url: https://wm.guangming.example.cn/\n"
        "theme:\n  name: material\n  language: zh\n  font: false\n"
        "plugins:\n  - search:\n      lang: zh\n      separator: '[\\s\\u200b\\-]'\n"
        "markdown_extensions: [attr_list, md_in_html, admonition, tables]\n"
        # the same shape of nav as placard's: home, a section with 7 theme pages, 2 more sections
        "nav:\n  - 首页: index.md\n  - 标语口号:\n"
        + "".join(f"    - {t}: s/s{i:06d}.md\n" for i, t in enumerate(THEMES))
        + "  - 文明指南: s/s000007.md\n  - 公益广告: s/s000008.md\n"
        "validation:\n  nav:\n    omitted_files: ignore\n",
        encoding="utf-8",
    )
    (root / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    rng = random.Random(seed)
    for i in range(n):
        (root / "docs" / "s" / f"s{i:06d}.md").write_text(f"# {slogan_text(rng)}\n", encoding="utf-8")
    return root
