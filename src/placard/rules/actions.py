"""The campaign's actions and ICP number (mkdocs.yml): each a link a resident can use."""

from __future__ import annotations

from .. import actions
from ..findings import Finding
from ..model import Campaign

RULES = {
    "actions.bad": "extra.placard.actions (or a theme's actions) is not a list of mappings",
    "actions.kind": "an action of an unknown kind",
    "actions.no-link": "an action without href or tel (or with both)",
    "actions.tel": "an action's tel is not a telephone number",
    "actions.href": "an action's href is not a web address or a page of the site",
    "actions.page": "an action's href names a page of docs/ that does not exist",
    "actions.missing": "an action lacks its kind or label",
    "actions.unknown-key": "an action has a field placard does not know",
    "actions.bad-value": "an action's field has the wrong type",
    "site.icp": "the ICP filing number holds markup",
}


def check(campaign: Campaign) -> list[Finding]:
    return actions.problems(campaign)
