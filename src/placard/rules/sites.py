"""The staff site's settings: ``extra.placard.staff_dir`` and ``extra.placard.scans`` in mkdocs.yml."""

from __future__ import annotations

from ..findings import Finding, error, warning
from ..i18n import N_, _
from ..model import Campaign
from ..schema import Field, read_fields
from ..sites import apart_problem, public_out, scan_logs, staff_out
from ..yamlsrc import YMap

RULES = {
    "staff.dir": N_("extra.placard.staff_dir would put the staff site inside the public site or a source folder"),
    "staff.scans": N_("extra.placard.scans is not valid, or its logs match no file"),
}

SCANS_FIELDS = (
    Field("logs", "strlist", required=True,
          help=N_("access log files or globs, e.g. [/var/log/nginx/access.log*] (relative to the campaign folder)")),
)


def check(campaign: Campaign) -> list[Finding]:
    out: list[Finding] = []
    raw = campaign.config.raw
    src = campaign.config.source
    if raw.get("staff_dir") is not None:
        problem = apart_problem(public_out(campaign.root), staff_out(campaign.root, raw), campaign.root,
                                campaign.docs_dir)
        if problem:
            out.append(error("staff.dir", problem, file="mkdocs.yml", line=src.line_of("staff_dir"),
                             field="extra.placard.staff_dir",
                             fix=_("name a folder beside the public site, e.g. 'staff_dir: staff' (the default)")))
    scans = raw.get("scans")
    if isinstance(scans, YMap):
        values, _lines, errs = read_fields(scans, SCANS_FIELDS, "mkdocs.yml", "extra.placard.scans", "staff.scans")
        out.extend(errs)
        if not errs and values["logs"] and not scan_logs(campaign.root, values["logs"]):
            out.append(warning("staff.scans", _("extra.placard.scans.logs matches no file: the staff site's scan "
                                 "report will be empty"), file="mkdocs.yml", line=src.line_of("scans"),
                               field="extra.placard.scans.logs",
                               fix=_("give the path of the web server's access logs, e.g. "
                                     "[/var/log/nginx/access.log*], or remove 'scans:'")))
    return out
