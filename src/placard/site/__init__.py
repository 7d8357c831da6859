"""The website: pages and files placard adds to a MkDocs + Material site.

Importing this package registers every capability's generators in
:mod:`placard.site.registry`.
"""

from . import (  # noqa: F401  (registers generators)
    assets,
    content,
    landing,
    offline,
    placements,
    plays,
    posters,
    search,
    staff,
    thumbs,
    trim,
)
from .registry import (  # noqa: F401
    ASSET_GENERATORS,
    NAV_SECTIONS,
    PAGE_GENERATORS,
    POST_BUILD,
    NavSection,
    SiteOptions,
)
