from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diglot.config import LanguageConfig, LintConfig
from diglot.prose import HIDDEN
from diglot.text import chinese
from diglot.text.chinese import Rules

ALL = Rules(opencc=True, punctuation=True, spacing="off")


def shown(line: str, rules: Rules = ALL) -> list[str]:
    return [f"{f.start}: {f.message}" for f in chinese.findings(line, rules)]


def test_simplified_characters_and_mainland_wording_are_told_apart() -> None:
    assert shown("这个软件很好用") == [
        "0: '这个' -> '這個' (simplified character)",
        "2: '软件' -> '軟體' (mainland wording)",
    ]
    assert shown("我们团队的数据") == [
        "1: '们团队' -> '們團隊' (simplified character)",
        "5: '数据' -> '資料' (mainland wording)",
    ]


def test_mainland_wording_in_traditional_characters_is_reported() -> None:
    assert shown("這個軟件可以播放視頻，默認的設定") == [
        "2: '軟件' -> '軟體' (mainland wording)",
        "8: '視頻' -> '影片' (mainland wording)",
        "11: '默認' -> '預設' (mainland wording)",
    ]


@pytest.mark.parametrize(
    "taiwan",
    [
        "文件與檔案不同",  # 文件 is a document in Taiwan, not a file
        "程序和程式",  # 程序 is a procedure
        "台灣與臺灣",  # 台 is everyday Taiwan usage, 臺 the standard
        "干擾與若干",  # OpenCC would make 幹擾 out of it
        "里長在鄰里",
        "游泳，游標",
        "占用與佔用",
        "看著",
        "啓用",  # a Traditional variant, not a Simplified character
    ],
)
def test_legitimate_taiwan_forms_are_not_reported(taiwan: str) -> None:
    assert shown(taiwan) == []


def test_shared_characters_are_reported_in_pasted_simplified_text() -> None:
    # 台, 里, 后 and 么 are Traditional too, but these lines are evidently Simplified.
    assert shown("这台电脑里") == ["0: '这台电脑里' -> '這臺電腦裡' (simplified character)"]
    assert shown("之后留意什么，这样") == [
        "1: '后' -> '後' (simplified character)",
        "5: '么' -> '麼' (simplified character)",
        "7: '这样' -> '這樣' (simplified character)",
    ]
    assert shown("之后留意什么，這樣") == []
    assert shown("看着") == ["1: '着' -> '著' (simplified character)"]


def test_allowed_words_are_kept_as_written() -> None:
    rules = Rules(True, True, "off", allow=("項目", "数据库"))
    assert shown("這個項目的数据库", rules) == []
    assert shown("項目的數據", rules) == ["3: '數據' -> '資料' (mainland wording)"]
    assert shown("項目的數據", ALL) == [
        "0: '項目' -> '專案' (mainland wording)",
        "3: '數據' -> '資料' (mainland wording)",
    ]


def test_opencc_never_looks_at_hidden_text() -> None:
    assert shown(f"見{HIDDEN * 3}软件") == ["4: '软件' -> '軟體' (mainland wording)"]
    assert shown(HIDDEN * 5) == []


def test_fixing_leaves_nothing_opencc_would_rewrite_again() -> None:
    # OpenCC's own output can match another of its phrases: 連線程式 holds 線程.
    assert chinese.fix("传递给连接程序", ALL) == "傳遞給連接程序"
    assert chinese.fix("添加注释", ALL) == "新增註釋"
    for line in ("传递给连接程序", "添加注释", "句柄", "准许"):
        assert shown(chinese.fix(line, ALL)) == []


def test_half_width_punctuation_between_chinese_characters() -> None:
    rules = Rules(False, True, "off")
    assert shown("你好,世界;真的:是嗎?好!", rules) == [
        "2: ',' -> '，' (half-width punctuation in Chinese text)",
        "5: ';' -> '；' (half-width punctuation in Chinese text)",
        "8: ':' -> '：' (half-width punctuation in Chinese text)",
        "11: '?' -> '？' (half-width punctuation in Chinese text)",
        "13: '!' -> '！' (half-width punctuation in Chinese text)",
    ]
    assert chinese.fix("你好, 世界", rules) == "你好，世界"  # the space after goes too
    assert chinese.fix("真的嗎?  ", rules) == "真的嗎？  "  # a hard break stays
    assert chinese.fix("**重要**:請看", rules) == "**重要**：請看"
    assert chinese.fix("「引號」,然後", rules) == "「引號」，然後"


def test_parentheses_are_full_width_around_or_beside_chinese() -> None:
    rules = Rules(False, True, "off")
    assert chinese.fix("軟體(software)很好", rules) == "軟體（software）很好"
    assert chinese.fix("使用 Git (版本控制)", rules) == "使用 Git （版本控制）"
    assert chinese.fix("(測試),好", rules) == "（測試），好"
    assert chinese.fix("中(文", rules) == "中（文"


@pytest.mark.parametrize(
    "latin",
    [
        "1,000 與 10:30",
        "Hello, world",
        "foo(bar)",
        "版本 (version) 很好",
        "網址:https",
        "e.g. 例如",
    ],
)
def test_half_width_punctuation_of_latin_text_stays(latin: str) -> None:
    assert shown(latin, Rules(False, True, "off")) == []


def test_spacing_between_chinese_and_latin_is_a_choice() -> None:
    require, forbid = Rules(False, False, "require"), Rules(False, False, "forbid")
    assert shown("用Python寫3個", require) == [
        "1: '用P' -> '用 P' (no space between Chinese and Latin text)",
        "7: 'n寫' -> 'n 寫' (no space between Chinese and Latin text)",
        "8: '寫3' -> '寫 3' (no space between Chinese and Latin text)",
        "9: '3個' -> '3 個' (no space between Chinese and Latin text)",
    ]
    assert chinese.fix("用Python寫", require) == "用 Python 寫"
    assert shown("用 Python  寫", forbid) == [
        "1: '用 P' -> '用P' (space between Chinese and Latin text)",
        "8: 'n  寫' -> 'n寫' (space between Chinese and Latin text)",
    ]
    assert chinese.fix("用 Python  寫", forbid) == "用Python寫"
    assert shown("用 Python 寫", Rules(False, False, "off")) == []
    assert shown("用，Python", require) == []


def test_spacing_waits_for_a_word_opencc_replaces() -> None:
    rules = Rules(True, False, "require")
    assert shown("的U盘", rules) == ["1: 'U盘' -> '隨身碟' (mainland wording)"]
    assert chinese.fix("的U盘", rules) == "的隨身碟"


def _language(code: str, script: str, cjk: bool, derived: str | None = None) -> LanguageConfig:
    return LanguageConfig(code, code, code, code, cjk, script, code, "", "", derived_from=derived)


def test_rules_follow_the_script_of_the_language() -> None:
    lint = LintConfig(allow=("項目",), cjk_latin_spacing="forbid")
    assert chinese.rules_for(_language("zh-tw", "Hant", True), lint) == Rules(
        True, True, "forbid", ("項目",)
    )
    assert chinese.rules_for(_language("zh-cn", "Hans", True), lint) == Rules(
        False, True, "forbid", ("項目",)
    )
    assert chinese.rules_for(_language("en", "Latn", False), lint) is None
    assert chinese.rules_for(_language("ja", "Jpan", True), lint) is None
    assert chinese.rules_for(_language("zh-cn", "Hans", True, derived="zh-tw"), lint) is None


_WORDS = st.sampled_from(
    [
        *("这个", "软件", "視頻", "文件", "台灣", "干擾", "項目", "數據", "我们", "服务器"),
        *("连接", "程序", "线程", ",", ";", ":", "?", "!", "(", ")", "「", "」", "，", "。"),
        *("Python", "3", "GB", "foo_bar", "x,y", " ", "  ", HIDDEN, HIDDEN * 3, "*", "_"),
    ]
)
_LINES = st.lists(_WORDS, max_size=20).map("".join)


@settings(max_examples=300, deadline=None)
@given(_LINES, st.sampled_from(["off", "require", "forbid"]))
def test_findings_never_touch_hidden_text_and_fixing_settles(line: str, spacing: str) -> None:
    rules = Rules(True, True, spacing, allow=("項目",))
    found = chinese.findings(line, rules)
    for finding in found:
        assert HIDDEN not in line[finding.start : finding.end]
        assert HIDDEN not in finding.replacement
    fixed = chinese.fix(line, rules)
    assert fixed.count(HIDDEN) == line.count(HIDDEN)
    assert [f for f in chinese.findings(fixed, rules) if f.code == "opencc"] == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_rules_never_crash_on_any_text(line: str) -> None:
    chinese.fix(line, Rules(True, True, "require"))
