"""A small campaign of one's own for ``placard init``: one theme, slogan, guide, ad and placement list.

Everything is written from the three answers (the campaign's name, the issuing office, the site's
address) and today's date; nothing of the example campaign (光明区) is copied. The campaign
builds as it is (``placard build`` exits 0); the clerk then adds to it.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

#: Ids of what a new campaign holds (the manual's 快速上手 names them).
THEME = "civility"
SLOGAN = "civility-01"
GUIDE = "guide-civility"
AD = "ad-civility"
LIST = "main-street"

HOOKS = '''"""MkDocs hooks for this campaign: all the work happens in placard.mkdocs_hooks."""

from placard.mkdocs_hooks import *  # noqa: F401,F403
'''

GITIGNORE = """\
# made by placard: rebuilt from the sources, never edit or commit
.cache/
site/
staff/
# a Python virtual environment, if you make one here
.venv/
"""


def _q(text: str) -> str:
    """A YAML scalar that reads back as ``text`` whatever it holds (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _md(text: str) -> str:
    """Plain text for a Markdown page: no HTML, no Markdown markup."""
    escaped = html.escape(text, quote=False)
    for ch in "\\`*_[]#|":
        escaped = escaped.replace(ch, "\\" + ch)
    return escaped


def mkdocs_yml(name: str, office: str, site_url: str) -> str:
    return f"""\
# 本宣传活动的设置。`placard build` 把这个文件夹做成网站和海报。
site_name: {_q(name)}
site_url: {_q(site_url)}
site_description: {_q(name + "：宣传标语、文明指南与公益广告")}
docs_dir: docs
site_dir: site

theme:
  name: material
  language: zh
  font: false            # 不加载 Google 字体（在中国大陆无法访问）
  palette:
    primary: red
    accent: deep orange
  features:
    - navigation.indexes
    - navigation.top
    - search.highlight

plugins:
  - search:
      lang: zh
      separator: '[\\s\\u200b\\-]'

hooks:
  - hooks/placard_hooks.py

markdown_extensions:
  - attr_list
  - md_in_html
  - admonition
  - tables
  - toc:
      permalink: false

watch:
  - slogans
  - posters

nav:
  - 首页: index.md
  - 标语口号: slogans/index.md
  - 文明指南: guides/index.md
  - 公益广告: ads/index.md
  - 我能做什么: actions.md

extra:
  generator: false
  placard:
    name: {_q(name)}
    office: {_q(office)}
    language: zh-Hans
    themes:
      - {{id: {THEME}, name: 文明礼仪, colour: "#c0392b"}}
    # 每个标语、指南和公益广告页面紧接内容之后，告诉居民下一步能做什么（链接、电话、短信或邮件）。
    actions:
      - {{kind: report, label: 随手拍 文明问题, href: actions.md#report}}
      - {{kind: hotline, label: 市民热线, tel: "12345"}}
      - {{kind: volunteer, label: 报名志愿者, href: actions.md#volunteer}}
    # 网站备案号（ICP），有了就填上，例如：icp: 粤ICP备12345678号
"""


def index_md(name: str) -> str:
    return f"""\
---
title: 首页
hide: [navigation]
---

# {_md(name)}

欢迎扫码来到这里的居民朋友！这里汇集了{_md(name)}的宣传标语、文明指南和公益广告。

<!-- placard:summary -->

## 快速入口

- [标语口号](slogans/index.md)：按主题浏览全部标语
- [文明指南](guides/index.md)：文明礼仪小常识
- [公益广告](ads/index.md)：公益广告作品
- [我能做什么](actions.md)：随手拍、热线、志愿服务
"""


ACTIONS_MD = """\
---
title: 我能做什么
---

# 我能做什么

文明创建，人人都是参与者。

## 随手拍 {#report}

看到乱停乱放、乱扔垃圾、破损的宣传牌，拍下照片，写明地点，通过“随手拍”或 12345 反映。

## 市民热线 {#hotline}

拨打 12345 市民热线反映问题、提出建议。

## 报名志愿者 {#volunteer}

到所在社区党群服务中心登记，或在[中国志愿服务网](https://chinavolunteer.mca.gov.cn/)报名，参加文明劝导、社区清洁等志愿服务。
"""


def slogan_md(office: str, today: dt.date) -> str:
    return f"""\
---
text: "文明从我做起，城市因你更美"
theme: {THEME}
status: approved
approved_by: {_q(office)}
approved_on: {today.isoformat()}
valid_from: {today.isoformat()}
---

一条标语一个文件。复制本文件、改名（例如 civility-02.md），再改 text 一行即可。
"""


def guide_md(office: str, today: dt.date) -> str:
    return f"""\
---
id: {GUIDE}
title: 文明礼仪指南
theme: {THEME}
status: approved
approved_by: {_q(office)}
approved_on: {today.isoformat()}
valid_from: {today.isoformat()}
key_points:
  - 排队礼让，不插队
  - 公共场所轻声细语
  - 爱护公共设施
---

# 文明礼仪指南

## 在公共场所

- 排队时自觉站在一米线外，不插队。
- 说话轻声细语，不大声喧哗。

## 爱护环境

- 不乱扔垃圾，垃圾分类投放。
- 爱护花草树木和公共设施。
"""


def ad_md(office: str, today: dt.date) -> str:
    return f"""\
---
id: {AD}
title: 文明礼让
theme: {THEME}
artwork: civility.png
alt: 红色底图，白色大字“文明礼让”，下方写着“从一米线开始”。
credit: {_q(office)}
status: approved
approved_by: {_q(office)}
approved_on: {today.isoformat()}
valid_from: {today.isoformat()}
slogans: [{SLOGAN}]
---

# 文明礼让

排队自觉站在一米线外，礼让老人和孩子。
"""


SETS = {
    "slogans-a3.yml": f"""\
# 每条已审核的标语一张 A3 海报（宣传栏、公交站亭）。
title: 标语 A3
kind: slogan
themes: [{THEME}]
format: A3
template: slogan
""",
    "guides-a2.yml": f"""\
# 文明指南 A2 展板。
title: 文明指南 A2
kind: guide
themes: [{THEME}]
format: A2
template: guide
""",
    "ads-a3.yml": f"""\
# 公益广告 A3（带作品图片）。
title: 公益广告 A3
kind: ad
themes: [{THEME}]
format: A3
template: ad
""",
}


def placement_rows(today: dt.date) -> list[list]:
    """The placement list's rows, in the columns of placard's template (placements)."""
    end = today + dt.timedelta(days=90)
    head = ["人民路宣传栏", "宣传栏", "人民路沿线", None, None, today, end, "", 0.3, "数量"]
    blank = [None] * len(head)
    return [
        [*head, "b01", 1, "公益", SLOGAN, None, None, None, None, None, "1 号宣传栏"],
        [*blank, "b02", 2, "商业", None, "示例商户", None, None, None, None, "2 号宣传栏"],
        [*blank, "b03", 3, "公益", AD, None, None, None, None, None, "3 号宣传栏"],
        [*blank, "b04", 4, "空置", None, None, None, None, None, None, "4 号宣传栏"],
    ]


def write_placements(path: Path, today: dt.date) -> None:
    """The one placement list, as placard's own template filled in."""
    from openpyxl import load_workbook

    from .xlsx_templates import write_template

    write_template("placements", path, item=SLOGAN, today=today)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    for r, row in enumerate(placement_rows(today), start=2):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c).value = value
    ws["A2"].comment = None
    from openpyxl.styles import PatternFill

    for cell in ws[2]:
        cell.fill = PatternFill()
    wb.save(path)


def write_campaign(
    dest: Path, name: str, office: str, site_url: str, today: dt.date | None = None
) -> None:
    """Write the new campaign into ``dest`` (an empty folder that exists)."""
    from .example_art import draw

    today = today or dt.date.today()
    files = {
        "mkdocs.yml": mkdocs_yml(name, office, site_url),
        "docs/index.md": index_md(name),
        "docs/actions.md": ACTIONS_MD,
        "docs/guides/civility.md": guide_md(office, today),
        "docs/ads/civility.md": ad_md(office, today),
        "slogans/civility-01.md": slogan_md(office, today),
        "hooks/placard_hooks.py": HOOKS,
        ".gitignore": GITIGNORE,
        **{f"posters/{n}": t for n, t in SETS.items()},
    }
    for rel, text in files.items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    draw("文明礼让", "从一米线开始", "#c0392b", "queue").save(
        dest / "docs/ads/civility.png", optimize=True
    )
    (dest / "posters/placements").mkdir(parents=True, exist_ok=True)
    write_placements(dest / "posters/placements" / f"{LIST}.xlsx", today)
