"""The campaign's actions and ICP number (mkdocs.yml): each a link a resident can use."""

from __future__ import annotations

from .. import actions
from ..findings import Finding
from ..i18n import N_
from ..model import Campaign

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
}


def check(campaign: Campaign) -> list[Finding]:
    return actions.problems(campaign)
