"""Helpers shared by commands: campaign folder, dates, loading with clean errors."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..engine import CheckResult, check_campaign
from ..findings import has_errors, render_text
from ..i18n import _
from ..load import CampaignNotFound, LoadResult, load_campaign


def add_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", nargs="?", default=".", metavar="DIR", help=_("the campaign folder (default: here)"))


def add_date(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--date",
        type=parse_date,
        default=None,
        metavar="YYYY-MM-DD",
        help=_("check and publish as on this day (default: today)"),
    )


def add_trust(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--trust",
        action="store_true",
        help=_(
            "run the Python code the campaign's mkdocs.yml names (python tags, hook modules, plugins "
            "placard does not know): only for a campaign you wrote or checked yourself "
            "(also PLACARD_TRUST=1, or the campaign's folder in ~/.config/placard/trusted)"
        ),
    )


def trusted(args, findings: list):
    """``findings`` with the ``trust.code`` errors as warnings when the user trusts the campaign
    (``--trust``, or the user's own settings: :func:`placard.trust.user_trusts`)."""
    from ..trust import allow, user_trusts

    if user_trusts(Path(args.dir), getattr(args, "trust", False)):
        return allow(findings)
    return findings


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a date: write it as YYYY-MM-DD").format(text=text)
        ) from None


def fail(message: str) -> int:
    print(_("placard: error: {message}").format(message=message), file=sys.stderr)
    return 1


def clean_write_back_temps(campaign) -> None:
    """Remove the temporary files a killed ``check --fix`` or ``fill --write`` left beside the user's files.

    Only placard's own names (``.placard-tmp-<pid>-<8 hex>`` of a process that is gone; see
    :func:`placard.files.clean_stale_temps`), only in the folders those commands write to.
    """
    if campaign is None:
        return
    from ..files import clean_stale_temps
    from ..fix import fix_folders
    from ..placements.load import PLACEMENTS_DIR

    clean_stale_temps(fix_folders(campaign) | {Path(campaign.root) / PLACEMENTS_DIR})


def load_or_fail(directory: str, today: dt.date | None = None) -> LoadResult | None:
    """Load the campaign in ``directory``; prints a clean error and returns None when it is not a campaign."""
    try:
        loaded = load_campaign(Path(directory), today)
    except CampaignNotFound as exc:
        fail(str(exc))
        return None
    clean_write_back_temps(loaded.campaign)
    return loaded


def run_check(directory: str, today: dt.date | None) -> CheckResult | None:
    """Load and check; prints a clean error and returns None when DIR is not a campaign."""
    try:
        result = check_campaign(Path(directory), today)
    except CampaignNotFound as exc:
        fail(str(exc))
        return None
    clean_write_back_temps(result.campaign)
    return result


def checked(directory: str, today: dt.date | None, stopped: str) -> CheckResult | None:
    """Load and check, print the findings; None (after printing ``stopped``) unless the campaign is clean."""
    result = run_check(directory, today)
    if result is None:
        return None
    from ..trust import allow

    # posters and print files: made from the model alone, nothing of mkdocs.yml runs
    result = CheckResult(result.campaign, allow(result.findings))
    if result.findings:
        print(render_text(result.findings), file=sys.stderr if has_errors(result.findings) else sys.stdout)
    if not result.ok:
        print(f"placard: {stopped}", file=sys.stderr)  # stopped: translated by the caller
        return None
    return result
