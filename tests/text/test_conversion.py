"""OpenCC conversions with the real library."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from diglot import text


def test_opencc_conversions() -> None:
    assert text.convert("软件", "s2twp") == "軟體"
    assert text.convert("軟體", "tw2sp") == "软件"
    assert text.valid_conversion("tw2sp")
    assert not text.valid_conversion("nonsense")


def test_convert_all_is_one_call_with_the_result_of_one_call_each() -> None:
    words = ["軟體", "資料", "庫", "", "程式碼", "指標與回饋", "English", "的資訊"]
    assert text.convert_all(words, "tw2sp") == [text.convert(w, "tw2sp") for w in words]
    assert text.convert_all(["軟\n體", "軟體"], "tw2sp") == ["软\n体", "软件"]
    assert text.convert_all([], "tw2sp") == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="軟體資料庫程式碼指標與回饋 ab\n，。", max_size=8), max_size=8))
def test_convert_all_matches_converting_one_by_one(texts: list[str]) -> None:
    assert text.convert_all(texts, "tw2sp") == [text.convert(t, "tw2sp") for t in texts]


def test_installed_conversions_are_listed() -> None:
    assert {"s2twp", "tw2sp", "tw2s", "t2s"} <= set(text.conversions())
