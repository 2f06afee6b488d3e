"""Counting words and CJK characters, and Latin runs inside Chinese."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from diglot import text


def test_counts_english_words_and_cjk_characters_in_mixed_text() -> None:
    assert text.count("We ship every Friday.") == text.Counts(4, 0)
    assert text.count("持續改進很重要。") == text.Counts(0, 7)
    assert text.count("用 Kubernetes 部署 v1.2 版") == text.Counts(3, 4)


def test_reading_time_is_at_least_a_minute_and_counts_both_scripts() -> None:
    assert text.reading_minutes("short") == 1
    assert text.reading_minutes("word " * 460) == 2
    assert text.reading_minutes("字" * 800 + " word" * 230) == 3


def test_script_runs_find_english_inside_chinese() -> None:
    assert text.script_runs("我們用 Kubernetes 1.30 和 CI/CD 部署，2024年完成。") == [
        (False, "我們用 "),
        (True, "Kubernetes 1.30"),
        (False, " 和 "),
        (True, "CI/CD"),
        (False, " 部署，2024年完成。"),
    ]
    assert text.script_runs("全中文。") == [(False, "全中文。")]
    assert text.script_runs("All English, no Chinese.") == [
        (True, "All English, no Chinese"),
        (False, "."),
    ]


@given(st.text(max_size=100))
def test_script_runs_cover_the_text(sample: str) -> None:
    assert "".join(part for _, part in text.script_runs(sample)) == sample


# Characters around every edge of what counts: Latin letters and joiners, the first
# and last CJK character of each range, and neighbours that share a UTF-8 lead byte.
_EDGES = st.sampled_from(
    [
        "a", "Z", "9", "é", "ɏ", "ɐ", "'", "’", "-", " ", "—", "。",
        "\u303f", "\u3040", "\u30ff", "\u3100", "\u33ff", "\u3400", "\u4dbf", "\u4dc0",
        "\u4e00", "\u9fff", "\ua000", "\uf8ff", "\uf900", "\ufaff", "\ufb00", "\uff01",
        "\U0001ffff", "\U00020000", "\U0003134f", "\U00031350", "\ud800",
    ]
)  # fmt: skip


@given(st.lists(_EDGES | st.characters(), max_size=60).map("".join))
def test_counts_match_a_plain_scan_of_the_text(sample: str) -> None:
    words = re.findall(r"[A-Za-z0-9\u00c0-\u024f]+(?:['’\-][A-Za-z0-9\u00c0-\u024f]+)*", sample)
    cjk = [c for c in sample if text.is_cjk(c)]
    assert text.count(sample) == text.Counts(len(words), len(cjk))
