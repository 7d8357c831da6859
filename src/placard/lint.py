"""Rule switches: turn content checks off or into warnings, per campaign or per file.

Per campaign, in mkdocs.yml::

    extra:
      placard:
        lint:
          disable: [punct.space]          # rule ids, or a family such as "punct"
          warn: [typo]                    # report these as warnings, not errors
          typos: {错别字: 正确字}          # extra wrong -> right pairs
          allow: [光明区]                  # words the typo check never reports
          canonical:                      # extra texts that must be quoted exactly
            - {id: tagline, text: 创建全国文明城区，建设幸福美好光明}

Per file, in the front matter of a slogan, guide or ad::

    lint: {ignore: [typo.known], reason: "人名，不是错字"}

An ignore without a reason is itself an error (``lint.no-reason``). Only content
checks can be switched; load and schema errors cannot.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from .findings import Finding, Severity, error, warning
from .i18n import N_, _
from .model import Campaign
from .schema import Field, as_ymap, read_fields
from .yamlsrc import YList, YMap

CONFIG_FILE = "mkdocs.yml"

LINT_FIELDS = (
    Field("disable", "strlist", help=N_("a list of rule ids or families, e.g. [punct.space, script]")),
    Field("warn", "strlist", help=N_("a list of rule ids or families reported as warnings")),
    Field("typos", "map", help=N_("extra typo pairs as 'wrong: right' lines")),
    Field("allow", "strlist", help=N_("a list of words never reported as typos")),
    Field("canonical", "list", help=N_("a list of {id, text, name, min_items}")),
)
CANONICAL_FIELDS = (
    Field("id", "str", required=True),
    Field("text", "str", required=True, help=N_("the exact wording; list words separated by 、，；")),
    Field("name", "str"),
    Field("min_items", "int", minimum=1, help=N_("how many list words in a row make a quotation")),
)

#: Rule ids that can never be switched off (they report on the switches themselves).
UNSWITCHABLE = ("lint", "trust")  # trust: the campaign cannot trust itself


@dataclass(frozen=True)
class CanonicalText:
    id: str
    name: str
    text: str
    min_items: int | None = None


@dataclass(frozen=True)
class LintConfig:
    disable: tuple[str, ...] = ()
    warn: tuple[str, ...] = ()
    typos: tuple[tuple[str, str], ...] = ()
    allow: tuple[str, ...] = ()
    canonical: tuple[CanonicalText, ...] = ()
    findings: tuple[Finding, ...] = ()


def rule_matches(rule: str, patterns: Iterable[str]) -> bool:
    """``punct`` matches ``punct.space``; ``punct.space`` matches only itself."""
    return any(rule == p or rule.startswith(p + ".") for p in patterns)


def _cfg_error(message: str, line: int | None, field: str, fix: str) -> Finding:
    return error("config.bad-value", message, file=CONFIG_FILE, line=line, field=field, fix=fix)


def _read(campaign: Campaign) -> LintConfig:
    raw = campaign.config.raw.get("lint") if campaign.config.raw else None
    if raw is None:
        return LintConfig()
    base_line = campaign.config.source.line_of("lint")
    if not isinstance(raw, dict):
        return LintConfig(findings=(_cfg_error(
            _("extra.placard.lint must be a set of 'key: value' lines"), base_line,
            "extra.placard.lint", _("see the manual: content checks")),))
    block = as_ymap(raw, base_line)
    values, lines, errs = read_fields(block, LINT_FIELDS, CONFIG_FILE, "extra.placard.lint", "config")
    findings = [replace(f, field=f"extra.placard.lint.{f.field}") if f.field else f for f in errs]
    typos: list[tuple[str, str]] = []
    for wrong, right in (values.get("typos") or {}).items():
        line = block["typos"].line_of(wrong) if isinstance(block.get("typos"), YMap) else lines["typos"]
        if not isinstance(wrong, str) or not isinstance(right, str) or not wrong.strip() \
                or not right.strip() or wrong.strip() == right.strip():
            findings.append(_cfg_error(
                _("typo pair '{wrong}: {right}' is not a pair of different texts").format(wrong=wrong, right=right),
                line, "extra.placard.lint.typos", _("write each pair as 'wrong word: right word'")))
            continue
        typos.append((wrong.strip(), right.strip()))
    canon: list[CanonicalText] = []
    items = values.get("canonical") or []
    for i, entry in enumerate(items):
        line = items.line_of(i) if isinstance(items, YList) else lines["canonical"]
        if not isinstance(entry, dict):
            findings.append(_cfg_error(
                _("each canonical text must be a mapping with id and text"), line,
                "extra.placard.lint.canonical", _("write '- {example}'").format(example="{id: tagline, text: …}")))
            continue
        cv, _lines, cerrs = read_fields(as_ymap(entry, line), CANONICAL_FIELDS, CONFIG_FILE,
                                        N_("a canonical text"), "config")
        findings.extend(replace(f, field=f"extra.placard.lint.canonical.{f.field}") if f.field else f
                        for f in cerrs)
        if cerrs:
            continue
        if not re.sub(r"[、，；\s]", "", cv["text"]):
            findings.append(_cfg_error(
                _("canonical text '{id}' has no words").format(id=cv["id"]), line,
                "extra.placard.lint.canonical.text", _("write the exact wording after 'text:'")))
            continue
        canon.append(CanonicalText(cv["id"], cv["name"] or cv["id"], cv["text"], cv["min_items"]))
    return LintConfig(
        disable=tuple(values.get("disable") or ()),
        warn=tuple(values.get("warn") or ()),
        typos=tuple(typos),
        allow=tuple(w for w in (values.get("allow") or ()) if w),
        canonical=tuple(canon),
        findings=tuple(findings),
    )


def lint_config(campaign: Campaign) -> LintConfig:
    """The campaign's lint settings (read once per campaign)."""
    cache = campaign.__dict__.get("_lint_config")
    if cache is None:
        try:
            cache = _read(campaign)
        except Exception as exc:  # noqa: BLE001 - a bad block must never stop the checks
            cache = LintConfig(findings=(_cfg_error(
                _("extra.placard.lint cannot be read ({error})").format(error=type(exc).__name__),
                campaign.config.source.line_of("lint"), "extra.placard.lint",
                _("see the manual: content checks")),))
        object.__setattr__(campaign, "_lint_config", cache)
    return cache


def _known(rule: str, known: set[str]) -> bool:
    return any(k == rule or k.startswith(rule + ".") for k in known)


def _unknown_rule(rule: str, known: set[str], file: str, line: int | None, field: str) -> Finding:
    close = difflib.get_close_matches(rule, sorted(known), n=1, cutoff=0.6)
    if close:
        fix = _("did you mean '{close}'? Rule ids are shown in brackets in 'placard check' reports").format(
            close=close[0])
    else:
        fix = _("rule ids are shown in brackets in 'placard check' reports")
    return warning(
        "lint.unknown-rule",
        _("'{rule}' is not a rule id or family that placard checks").format(rule=rule),
        file=file, line=line, field=field,
        fix=fix,
    )


def apply(campaign: Campaign, findings: list[Finding], known_rules: Iterable[str]) -> list[Finding]:
    """Apply campaign and per-file switches to the findings of content checks.

    Returns the kept findings (some downgraded) plus findings about the switches.
    """
    cfg = lint_config(campaign)
    known = set(known_rules) | {f.rule for f in findings}
    out: list[Finding] = list(cfg.findings)
    raw = campaign.config.raw.get("lint") if campaign.config.raw else None
    for key in ("disable", "warn"):
        pats = getattr(cfg, key)
        holder = raw.get(key) if isinstance(raw, dict) else None
        for i, rule in enumerate(pats):
            line = holder.line_of(i) if isinstance(holder, YList) else campaign.config.source.line_of("lint")
            if rule_matches(rule, UNSWITCHABLE) or rule in UNSWITCHABLE:
                out.append(warning("lint.unswitchable", _("'{rule}' cannot be switched off").format(rule=rule),
                                   file=CONFIG_FILE, line=line, field=f"extra.placard.lint.{key}",
                                   fix=_("remove it from the list")))
            elif not _known(rule, known):
                out.append(_unknown_rule(rule, known, CONFIG_FILE, line, f"extra.placard.lint.{key}"))
    per_file: dict[str, Any] = {}
    for item in campaign.items():
        lint = getattr(item, "lint", None)
        if not lint or not lint.ignore:
            continue
        per_file[item.source.file] = lint.ignore
        line = item.source.line_of("lint")
        if not (lint.reason or "").strip():
            out.append(error(
                "lint.no-reason",
                _("'lint: ignore' switches off {rules} without a reason").format(rules=", ".join(lint.ignore)),
                file=item.source.file, line=line, field="lint.reason",
                fix=_("add reason: \"…\" saying why the rule does not apply here (reviewers read it)"),
            ))
        for rule in lint.ignore:
            if not _known(rule, known):
                out.append(_unknown_rule(rule, known, item.source.file, line, "lint.ignore"))
    for f in findings:
        if rule_matches(f.rule, UNSWITCHABLE):
            out.append(f)
            continue
        if rule_matches(f.rule, cfg.disable):
            continue
        if f.file in per_file and rule_matches(f.rule, per_file[f.file]):
            continue
        if f.severity == Severity.ERROR and rule_matches(f.rule, cfg.warn):
            f = f.as_warning()
        out.append(f)
    return out
