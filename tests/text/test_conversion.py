"""OpenCC conversions with the real library."""

from __future__ import annotations

from diglot import text


def test_opencc_conversions() -> None:
    assert text.convert("软件", "s2twp") == "軟體"
    assert text.convert("軟體", "tw2sp") == "软件"
    assert text.valid_conversion("tw2sp")
    assert not text.valid_conversion("nonsense")
