"""The play-log parts of the inspection ledger: the 播放 sheet (played airtime per screen and day,
whole day and each time-of-day window) and the 播放结论 column of the summary. Pure functions."""

from __future__ import annotations

from ..model import Campaign
from ..rules.playlog import day_shares, summary
from ..rules.ratio import pct
from . import load_plays

SHEET = "播放"
CSV_SUFFIX = "plays"
HEADERS = ("点位编号", "点位名称", "日期", "时段", "播放总时长(秒)", "公益时长(秒)", "公益占比", "要求公益占比",
           "结论", "当日计划", "播放日志")
SUMMARY_HEADER = "播放结论"


def _sec(x) -> int | float:
    v = round(float(x), 1)
    return int(v) if v.is_integer() else v


def play_rows(campaign: Campaign) -> list[tuple]:
    data = load_plays(campaign)
    rows = []
    for lid in sorted(data.lists):
        lp = data.lists[lid]
        files = "、".join(sorted(lp.files))
        for s in day_shares(lp):
            plan = "" if s.plan_ok is None else ("达标" if s.plan_ok else "不达标")
            verdict = "无播放" if not s.total else ("达标" if s.ok else "不达标")
            rows.append((lid, lp.list.name, s.day, "全天" if s.window is None else s.window.label, _sec(s.total),
                         _sec(s.public), pct(s.share) if s.total else "", pct(s.required), verdict, plan, files))
    return rows


def play_verdicts(campaign: Campaign) -> dict[str, str]:
    """List id -> 达标 / 不达标 / 无播放记录 for screens (LED or airtime lists); '' for the others."""
    data = load_plays(campaign)
    if not data.files:
        return {}
    return {pl.id: summary(data.lists.get(pl.id)).verdict if pl.id in data.lists or pl.type == "led"
            or pl.rule.measure == "airtime" else "" for pl in campaign.placements}
