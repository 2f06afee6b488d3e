"""Slugs for URLs and heading ids that keep CJK characters."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    """A URL- and id-safe slug that keeps CJK characters: 'Kaizen 改善!' -> 'kaizen-改善'."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^\w\s-]", "", text)
    return re.sub(r"[\s_-]+", "-", text).strip("-")
