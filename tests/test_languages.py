from __future__ import annotations

import pytest

from diglot import languages


@pytest.mark.parametrize("raw", ["zh-TW", "zh-tw", "zh_TW", "ZH_tw", "zh-Hant", "zh-hant-tw"])
def test_spellings_of_traditional_chinese_are_one_language(raw: str) -> None:
    assert languages.normalize(raw) == "zh-tw"


def test_simplified_alias() -> None:
    assert languages.normalize("zh-Hans") == "zh-cn"


def test_facts() -> None:
    zh = languages.info("zh-tw")
    assert (zh.tag, zh.label, zh.cjk, zh.script) == ("zh-Hant-TW", "繁體中文", True, "Hant")
    assert not languages.info("en").cjk
    ja = languages.info("ja")
    assert ja.cjk and ja.label == "日本語"
    assert not languages.info("ko").cjk  # Hangul has spaces between words


@pytest.mark.parametrize(
    "raw,ok",
    [
        ("en", True),
        ("fr", True),
        ("zh-tw", True),
        ("zh_TW", True),
        ("zh-tx", False),
        ("xx", False),
        ("podcast", False),
        ("v2", False),
    ],
)
def test_validity(raw: str, ok: bool) -> None:
    assert languages.is_valid(raw) is ok
