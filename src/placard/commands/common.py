"""Helpers shared by commands: campaign folder, dates, loading with clean errors."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..engine import CheckResult, check_campaign
from ..findings import has_errors, render_text
from ..load import CampaignNotFound, LoadResult, load_campaign


def add_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", nargs="?", default=".", metavar="DIR", help="the campaign folder (default: here)")


def add_date(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--date",
        type=parse_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="check and publish as on this day (default: today)",
    )


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write it as YYYY-MM-DD") from None


def fail(message: str) -> int:
    print(f"placard: error: {message}", file=sys.stderr)
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
    if result.findings:
        print(render_text(result.findings), file=sys.stderr if has_errors(result.findings) else sys.stdout)
    if not result.ok:
        print(f"placard: {stopped}", file=sys.stderr)
        return None
    return result
