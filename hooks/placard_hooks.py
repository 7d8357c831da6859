"""MkDocs hooks for this campaign: all the work happens in placard.mkdocs_hooks."""

from placard.mkdocs_hooks import *  # noqa: F401,F403
