"""Findings: what checks and the loader report, and how they are shown.

A Finding is plain data. Checks return lists of them; they never print or exit.
The CLI and the MkDocs hooks decide how to render them and whether to stop.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from enum import StrEnum

from .i18n import N_, _


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    def label(self) -> str:
        """The severity as a person reads it, in the current language."""
        return _(_SEVERITY_LABELS[self.value])


_SEVERITY_LABELS = {"error": N_("error"), "warning": N_("warning")}


@dataclass(frozen=True)
class Finding:
    """One problem found in a campaign.

    ``rule`` is a stable id such as ``schema.unknown-key`` or ``ratio.min-public``;
    ``file`` is relative to the campaign folder; ``line``/``column`` are 1-based.
    ``fix`` tells the user what to do about it, in one sentence.
    """

    rule: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None
    fix: str = ""
    context: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR

    def location(self) -> str:
        if not self.file:
            return "<campaign>"
        loc = self.file
        if self.line:
            loc += f":{self.line}"
            if self.column:
                loc += f":{self.column}"
        return loc

    def as_warning(self) -> Finding:
        return replace(self, severity=Severity.WARNING)

    def render(self) -> str:
        if self.field:
            head = _("{location}: {severity} [{rule}] field '{field}'").format(
                location=self.location(), severity=self.severity.label(), rule=self.rule, field=self.field
            )
        else:
            head = _("{location}: {severity} [{rule}]").format(
                location=self.location(), severity=self.severity.label(), rule=self.rule
            )
        lines = [f"{head}: {self.message}"]
        if self.context:
            lines.append(f"    | {self.context}")
        if self.fix:
            lines.append("    " + _("fix: {fix}").format(fix=self.fix))
        return "\n".join(lines)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["severity"] = self.severity.value
        return d


def error(rule: str, message: str, **kw) -> Finding:
    return Finding(rule=rule, severity=Severity.ERROR, message=message, **kw)


def warning(rule: str, message: str, **kw) -> Finding:
    return Finding(rule=rule, severity=Severity.WARNING, message=message, **kw)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.is_error for f in findings)


def sort_key(f: Finding) -> tuple:
    return (f.file or "", f.line or 0, f.column or 0, f.rule)


def render_text(findings: list[Finding]) -> str:
    """Human report: one block per finding, then a count line."""
    if not findings:
        return _("placard: no problems found.")
    body = "\n".join(f.render() for f in sorted(findings, key=sort_key))
    n_err = sum(f.is_error for f in findings)
    n_warn = len(findings) - n_err
    summary = _("placard: {errors} error(s), {warnings} warning(s).").format(errors=n_err, warnings=n_warn)
    return f"{body}\n\n{summary}"


def render_json(findings: list[Finding]) -> str:
    return json.dumps(
        {
            "errors": sum(f.is_error for f in findings),
            "warnings": sum(not f.is_error for f in findings),
            "findings": [f.to_dict() for f in sorted(findings, key=sort_key)],
        },
        ensure_ascii=False,
        indent=2,
    )
