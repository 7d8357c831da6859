"""The campaign's actions and ICP number (mkdocs.yml): each a link a resident can use; and every
theme's slogans lead on (to a guide or an ad of the theme)."""

from __future__ import annotations

from collections import Counter

from .. import actions
from ..actions import CONFIG
from ..findings import Finding, warning
from ..i18n import N_, _, ngettext
from ..model import Campaign
from ..yamlsrc import YList

RULES = {
    "actions.bad": N_("extra.placard.actions (or a theme's actions) is not a list of mappings"),
    "actions.kind": N_("an action of an unknown kind"),
    "actions.no-link": N_("an action without href or tel (or with both)"),
    "actions.tel": N_("an action's tel is not a telephone number"),
    "actions.href": N_("an action's href is not a web address or a page of the site"),
    "actions.page": N_("an action's href names a page of docs/ that does not exist"),
    "actions.missing": N_("an action lacks its kind or label"),
    "actions.unknown-key": N_("an action has a field placard does not know"),
    "actions.bad-value": N_("an action's field has the wrong type"),
    "site.icp": N_("the ICP filing number holds markup"),
    "actions.label": N_("an action's label holds markup (the button shows it as typed)"),
    "action.dead-end": N_(
        "an action leads to a page of the site that offers no link, telephone number or form"
    ),
    "theme.no-related": N_(
        "a theme with slogans has neither a civility guide nor a public-benefit ad"
    ),
}


def check(campaign: Campaign) -> list[Finding]:
    return actions.problems(campaign) + leads_nowhere(campaign)


def leads_nowhere(campaign: Campaign) -> list[Finding]:
    """A theme whose published slogans have neither a guide nor an ad of their theme: the code on
    such a slogan's poster leads to a page with nothing to read next (warning, naming the theme)."""
    slogans = Counter(s.theme for s in campaign.published(campaign.slogans))
    lead = {
        i.theme for i in (*campaign.published(campaign.guides), *campaign.published(campaign.ads))
    }
    themes = campaign.config.raw.get("themes")
    lines: dict[str, int] = {}
    if isinstance(themes, YList):
        for i, t in enumerate(themes):
            if isinstance(t, dict) and isinstance(t.get("id"), str):
                lines[t["id"]] = themes.line_of(i)
    out = []
    for theme in campaign.config.themes:
        if not slogans.get(theme.id) or theme.id in lead:
            continue
        out.append(
            warning(
                "theme.no-related",
                ngettext(
                    "theme '{name}' ({id}) has {n} published slogan but neither a civility guide nor a "
                    "public-benefit ad: its poster's code leads to a page with nothing to read next",
                    "theme '{name}' ({id}) has {n} published slogans but neither a civility guide nor a "
                    "public-benefit ad: their posters' codes lead to pages with nothing to read next",
                    slogans[theme.id],
                ).format(name=theme.name, id=theme.id, n=slogans[theme.id]),
                file=CONFIG,
                line=lines.get(theme.id, campaign.config.source.line_of("themes")),
                field=f"extra.placard.themes.{theme.id}",
                fix=_(
                    "write a guide (docs/guides/….md with theme: {id}) or an ad of the theme, or move its slogans "
                    "to a theme that has one"
                ).format(id=theme.id),
            )
        )
    return out
