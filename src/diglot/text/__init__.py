"""Language rules for text, in one place: counting and reading time, sentences, slugs,
OpenCC conversions, and the Chinese lint's wording and punctuation rules.

Every stage calls these instead of testing language codes itself. The lint's rules
are in `diglot.text.chinese`, imported by the lint alone.

    counting     English words and CJK characters; Latin runs inside Chinese
    sentences    where sentences end, how pieces join, start and close
    slugs        URL and heading-id slugs that keep CJK characters
    conversion   OpenCC: 's2twp', 'tw2sp', ...
    chinese      the lint: `wording` (OpenCC) and `punctuation` rules, per language
"""

from __future__ import annotations

from diglot.text.conversion import conversions, convert, convert_all, valid_conversion
from diglot.text.counting import (
    CJK_CHAR,
    READING_CJK_PER_MINUTE,
    READING_WORDS_PER_MINUTE,
    Counts,
    count,
    is_cjk,
    reading_minutes,
    script_runs,
)
from diglot.text.sentences import (
    close_sentence,
    continue_sentence,
    join_words,
    proper_words,
    split_sentences,
    start_sentence,
    tidy,
)
from diglot.text.slugs import slugify

__all__ = [
    "CJK_CHAR",
    "READING_CJK_PER_MINUTE",
    "READING_WORDS_PER_MINUTE",
    "Counts",
    "close_sentence",
    "continue_sentence",
    "conversions",
    "convert",
    "convert_all",
    "count",
    "is_cjk",
    "join_words",
    "proper_words",
    "reading_minutes",
    "script_runs",
    "slugify",
    "split_sentences",
    "start_sentence",
    "tidy",
    "valid_conversion",
]
