"""Sentences in either script: splitting, joining, starting and closing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from diglot import text


def test_sentences_split_on_chinese_and_english_punctuation() -> None:
    assert text.split_sentences("第一句。第二句！第三句？「引號。」最後") == [
        "第一句。",
        "第二句！",
        "第三句？",
        "「引號。」",
        "最後",
    ]
    assert text.split_sentences("It works. Does it? Yes! E.g. this, i.e. that. Dr. Who left.") == [
        "It works.",
        "Does it?",
        "Yes!",
        "E.g. this, i.e. that.",
        "Dr. Who left.",
    ]
    assert text.split_sentences("Version 3.14 is out.") == ["Version 3.14 is out."]


@given(st.text(max_size=200))
def test_sentences_lose_no_text(sample: str) -> None:
    joined = "".join(text.split_sentences(sample))
    assert joined == "".join(sample.split()) or "".join(joined.split()) == "".join(sample.split())


def test_join_words_puts_no_space_between_cjk() -> None:
    assert text.join_words(["首先", "規劃", "。"]) == "首先規劃。"
    assert text.join_words(["First,", "plan."]) == "First, plan."
    assert text.join_words(["使用", "Python", "撰寫"]) == "使用 Python 撰寫"


def test_tidy_drops_spaces_between_cjk_only() -> None:
    assert (
        text.tidy("第一行\n第二行 and  Kubernetes 的 ，好") == "第一行第二行 and Kubernetes 的，好"
    )
    assert text.tidy("  two\n lines ") == "two lines"


def test_close_sentence_uses_the_script_of_the_text() -> None:
    assert text.close_sentence("a list item;") == "a list item."
    assert text.close_sentence("用 Kubernetes 部署") == "用 Kubernetes 部署。"
    assert text.close_sentence("Why?") == "Why?"
    assert text.close_sentence("「引號。」") == "「引號。」"
    assert text.close_sentence("清單：") == "清單。"
    assert text.close_sentence("") == ""


def test_continue_sentence_keeps_names_and_acronyms() -> None:
    proper = text.proper_words("We met Priya at the Deming workshop. The CI was slow.")
    assert proper == frozenset({"Priya", "Deming", "CI"})
    assert text.continue_sentence("Adding a target", proper) == "adding a target"
    assert text.continue_sentence("Priya adds a checklist", proper) == "Priya adds a checklist"
    assert text.continue_sentence("CI got faster", proper) == "CI got faster"
    assert text.continue_sentence("I'm sure", proper) == "I'm sure"
    assert text.continue_sentence("首先", proper) == "首先"
    assert text.continue_sentence("A finished task", proper) == "a finished task"


def test_start_sentence_capitalises_only_plain_lower_case_words() -> None:
    assert text.start_sentence("one review a week") == "One review a week"
    assert text.start_sentence("iPhone apps") == "iPhone apps"
    assert text.start_sentence("每週一次") == "每週一次"
