"""Share cards: the 1200×630 picture a chat app shows when a page's link is shared (og:image).

Drawn by the poster renderer with the built-in ``share`` format and template (a campaign can
override both in ``posters/formats.yml`` and ``posters/templates.yml``), so Chinese lines break
by the same rules and every character is in the poster font (items with a missing glyph get
the site-wide card instead). Planned like posters, with their own layout cache and render cache
(``.cache/placard/share/``), so a rebuild draws only the cards whose text changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..cachesafe import usable_dir
from ..model import Approval, Campaign, Slogan, Source
from .build import BuildReport, prune_cache, render_jobs
from .plan import (
    Job,
    LayoutCache,
    PosterSet,
    _config,
    _Ctx,
    layout,
    make_plan,
    render_version,
    spec_key,
)

FORMAT = "share"
TEMPLATE = "share"
OUT_DIR = "share"
SITE_ID = "_site"  # item ids start with a letter or digit: no clash
CACHE = ".cache/placard/share"
SIZE = (1200, 630)


def card_uri(item_id: str) -> str:
    """Site-relative path of an item's share card (``share/<id>.png``)."""
    return f"{OUT_DIR}/{item_id}.png"


SITE_CARD = card_uri(SITE_ID)


@dataclass
class SharePlan:
    jobs: list[Job] = field(default_factory=list)
    site: Job | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def item_ids(self) -> set[str]:
        return {j.item_id for j in self.jobs}


def _site_item(campaign: Campaign) -> Slogan:
    theme = campaign.config.themes[0].id if campaign.config.themes else ""
    return Slogan(SITE_ID, campaign.config.name, theme, Approval("approved"), Source("mkdocs.yml"))


def plan_share(campaign: Campaign, items) -> SharePlan:
    """Share-card jobs for ``items`` (the published slogans, guides and ads) and the site card."""
    out = SharePlan()
    plan = make_plan(campaign)
    fmt, tpl = plan.formats.get(FORMAT), plan.templates.get(TEMPLATE)
    if plan.font is None or fmt is None or tpl is None or fmt.shape not in tpl.layouts:
        out.problems.append("no share format or template, or no poster font: pages use no share card")
        return out
    findings: list = []
    ctx = _Ctx(campaign, plan.font, _config(campaign, []), findings)
    pset = PosterSet("share", "分享卡片", "<built-in share template>", fmt, tpl, ())
    bad = {(f.file, f.line) for f in plan.findings if f.rule == "glyph.missing"}
    cache = LayoutCache(campaign.root / CACHE / "layouts.bin")
    common = [render_version(), campaign.config.name, campaign.config.office, repr(fmt), repr(tpl), plan.font.stamp, plan.font.path]
    for item in [*items, _site_item(campaign)]:
        if item.kind not in tpl.kinds:
            continue
        if any((item.source.file, item.source.line_of(f)) in bad for f in ("text", "title")) and item.id != SITE_ID:
            continue
        th = campaign.config.theme(item.theme)
        key = spec_key({"common": common, "kind": item.kind, "id": item.id, "theme": [th.name, th.colour] if th
                        else None, "text": item.text if item.kind == "slogan" else item.title,
                        "breaks": list(getattr(item, "breaks", ()))})
        hit = cache.get(key)
        if hit is None:
            spec = layout(ctx, pset, item, None, None)
            if spec is None:
                out.problems.append(f"{item.kind} '{item.id}' does not fit the share card; its page uses the site card")
                continue
            # a 32-colour palette PNG: ~28 KB instead of ~100 KB a card (57 RGB cards were 4.4 MB of the
            # example's public site); phones' chat apps show it the same
            spec = {**spec, "png_colors": 32}
            job_key = spec_key(spec)
            cache.put(key, spec, job_key)
        else:
            spec, job_key = hit
        job = Job("share", item.id, item.kind, item.id, fmt.name, None, None, f"{OUT_DIR}/{item.id}", spec, key=job_key)
        if item.id == SITE_ID:
            out.site = job
        else:
            out.jobs.append(job)
    cache.save()
    return out


def render_share(campaign: Campaign, share: SharePlan, site_dir: Path, workers: int = 0,
                 prune: bool = True) -> BuildReport:
    """Draw (or take from the cache) every card and place ``share/<id>.png`` into the site.
    ``prune``: the plan holds every card of the campaign, so cached cards it does not name go."""
    jobs = [*share.jobs, *([share.site] if share.site else [])]
    cache = usable_dir(campaign.root / CACHE)  # a folder of this run's own when a link stands there
    report = render_jobs(jobs, cache, site_dir, workers)
    for job in jobs:  # the renderer's small preview is not needed on the site
        preview = site_dir / job.files["preview"]
        if preview.is_file():
            preview.unlink()
    if prune:
        report.pruned = prune_cache(cache, {j.key for j in jobs}, set())
    return report
