"""Helpers shared by the content checks."""

from __future__ import annotations

from ..findings import Finding, Severity
from ..text import Segment


def at(seg: Segment, start: int, end: int, rule: str, severity: Severity, message: str,
       fix: str, width: int = 8) -> Finding:
    """A finding for ``seg.text[start:end]`` with file:line:column and marked context."""
    line, column = seg.locate(start)
    return Finding(
        rule=rule,
        severity=severity,
        message=message,
        file=seg.file,
        line=line,
        column=column,
        field=seg.field,
        fix=fix,
        context=seg.context(start, end, width),
    )
