"""Chinese search: the campaign's own terms go into jieba's user dictionary.

Material's search plugin segments Chinese text with jieba when it builds the
index. Place names and campaign phrases that jieba does not know would be cut
into pieces ("光明街道" -> "光明" "街道"); listing them keeps them whole.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import jieba

from ..model import Campaign

jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" chatter on every build

_HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]")


def campaign_terms(campaign: Campaign) -> list[str]:
    cfg = campaign.config
    terms: list[str] = [t.name for t in cfg.themes]
    terms += list(cfg.raw.get("search_terms") or [])
    for item in campaign.items():
        terms += list(item.tags)
    for plist in getattr(campaign, "placements", ()) or ():
        for attr in ("name", "location"):
            value = getattr(plist, attr, None)
            if isinstance(value, str):
                terms.append(value)
    seen: dict[str, None] = {}
    for t in terms:
        t = str(t).strip()
        if 2 <= len(t) <= 16 and _HAN.search(t) and not re.search(r"\s", t):
            seen.setdefault(t)
    return list(seen)


def write_user_dict(campaign: Campaign) -> Path:
    """Write the jieba user dictionary under .cache/ and return its path."""
    path = campaign.root / ".cache" / "placard" / "jieba_user.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{t} 2000 n\n" for t in campaign_terms(campaign))
    if not path.is_file() or path.read_text("utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path
