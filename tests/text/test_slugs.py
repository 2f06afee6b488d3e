"""Slugs that keep CJK characters."""

from __future__ import annotations

from diglot import text


def test_slugs_keep_cjk() -> None:
    assert text.slugify("Kaizen: Small Steps!") == "kaizen-small-steps"
    assert text.slugify("改善：小步前進") == "改善小步前進"
    assert text.slugify("  Ｆｕｌｌ　Width  ") == "full-width"
