"""Symbolic links in a campaign's folders: none may lead outside the campaign.

MkDocs publishes whatever ``docs/`` holds, following links: ``docs/leak.txt -> /etc/passwd``
would put that file on the public site. Links inside the campaign are fine; links that
leave it, loop, or point at nothing are errors.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .findings import Finding, error
from .i18n import N_, _


def _problem(path: str, root: str) -> str | None:
    try:
        target = os.path.realpath(path, strict=True)
    except (OSError, RuntimeError, ValueError):
        return N_("'{path}' is a symbolic link that leads nowhere (its target is missing, or it is a link loop): it "
                  "would be published or read as campaign content")
    if target != root and not target.startswith(root + os.sep):
        return N_("'{path}' is a symbolic link that leads outside the campaign folder (to {target}): it would be "
                  "published or read as campaign content")
    if os.path.isdir(target) and (path + os.sep).startswith(target + os.sep):
        return N_("'{path}' is a symbolic link that leads to a folder that holds it (a loop): it would be "
                  "published or read as campaign content")
    return None


def link_findings(root: Path, folders: Iterable[str]) -> list[Finding]:
    """An error for every symbolic link under ``folders`` (relative to ``root``) that leaves ``root``."""
    real_root = os.path.realpath(root)
    out: list[Finding] = []

    def report(path: str, problem: str) -> None:
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        try:
            target = os.path.realpath(path)
        except (OSError, ValueError):
            target = "?"
        out.append(error(
            "load.symlink",
            _(problem).format(path=rel, target=target),
            file=rel,
            fix=_("copy the file into the campaign folder instead of linking to it, or delete the link"),
        ))

    def walk(folder: str) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            if entry.is_symlink():
                problem = _problem(entry.path, real_root)
                if problem:
                    report(entry.path, problem)
            elif entry.is_dir(follow_symlinks=False):
                walk(entry.path)

    for name in folders:
        top = os.path.join(root, name)
        if not os.path.lexists(top):
            continue
        if os.path.islink(top):
            problem = _problem(top, real_root)
            if problem:
                report(top, problem)
                continue
        target = os.path.realpath(top)
        if target != real_root and not target.startswith(real_root + os.sep):  # e.g. docs_dir: /etc
            out.append(error(
                "load.outside",
                _("the folder '{name}' is outside the campaign folder (it is {target}): all of it would be "
                  "published").format(name=name, target=target),
                file="mkdocs.yml", field="docs_dir",
                fix=_("keep docs_dir inside the campaign folder (the default is 'docs')"),
            ))
            continue
        walk(top)
    return out
