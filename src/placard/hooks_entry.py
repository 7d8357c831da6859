"""A hook file MkDocs can load by path when a campaign's mkdocs.yml does not list one."""

from placard.mkdocs_hooks import *  # noqa: F401,F403
