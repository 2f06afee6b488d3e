"""Language codes: how a file-name suffix or a config entry becomes one canonical language.

Codes are BCP 47, matched case-insensitively with `_` and `-` alike; `zh-hant` is
an alias of `zh-tw` and `zh-hans` of `zh-cn`. Facts about a language (its tag for
`<html lang>`, its own name, its babel locale, whether it is written in CJK
characters) live here so that no other module tests a language code by hand.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

ALIASES = {
    "zh-hant": "zh-tw",
    "zh-hant-tw": "zh-tw",
    "zh-hans": "zh-cn",
    "zh-hans-cn": "zh-cn",
}

_SHAPE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$")


@dataclass(frozen=True)
class LanguageInfo:
    """What the pipeline needs to know about one language."""

    code: str  # canonical lowercase code, also the URL prefix by default: 'zh-tw'
    tag: str  # BCP 47 tag for <html lang> and hreflang: 'zh-Hant-TW'
    label: str  # the language's own name, for the switcher: '繁體中文'
    locale: str  # babel locale for dates: 'zh_Hant_TW'
    cjk: bool  # written in Han characters: counting, spacing and sentence rules differ
    script: str  # ISO 15924 script: 'Latn', 'Hant', 'Hans', 'Jpan'


_KNOWN = {
    "en": LanguageInfo("en", "en", "English", "en", False, "Latn"),
    "zh-tw": LanguageInfo("zh-tw", "zh-Hant-TW", "繁體中文", "zh_Hant_TW", True, "Hant"),
    "zh-cn": LanguageInfo("zh-cn", "zh-Hans", "简体中文", "zh_Hans_CN", True, "Hans"),
    "zh-hk": LanguageInfo("zh-hk", "zh-Hant-HK", "繁體中文（香港）", "zh_Hant_HK", True, "Hant"),
}


def normalize(raw: str) -> str:
    """The canonical form of a language code: 'zh_TW' -> 'zh-tw', 'zh-Hant' -> 'zh-tw'."""
    code = raw.strip().replace("_", "-").lower()
    return ALIASES.get(code, code)


def looks_like_code(raw: str) -> bool:
    """Whether a file-name part is shaped like a language code (so `v1.2` is not one)."""
    return bool(_SHAPE.match(raw.replace("_", "-").lower()))


def is_valid(raw: str) -> bool:
    """A real BCP 47 language (not just the shape of one)."""
    code = normalize(raw)
    return code in _KNOWN or (looks_like_code(code) and _langcodes().tag_is_valid(code))


@functools.cache
def name_in(locale: str, reader_locale: str) -> str:
    """A language's name in a reader's language, territory left out: 'zh_Hant_TW' read
    in 'en' is 'Chinese (Traditional)', 'en' read in 'zh_Hant_TW' is '英文'."""
    from babel import Locale  # imported lazily: only page rendering needs it

    parsed = Locale.parse(locale)
    name = Locale(parsed.language, script=parsed.script).get_display_name(reader_locale)
    return str(name or locale)


@functools.cache
def info(code: str) -> LanguageInfo:
    """Facts about a language; `code` must be canonical (see `normalize`)."""
    if code in _KNOWN:
        return _KNOWN[code]
    language = _langcodes().Language.get(code)
    full = language.maximize()
    script = full.script or "Latn"
    cjk = script in {"Hant", "Hans", "Jpan", "Hani"}
    locale = "_".join(p for p in (language.language, language.script, language.territory) if p)
    return LanguageInfo(code, language.to_tag(), language.autonym(), locale, cjk, script)


def alpha3(code: str) -> str:
    """ISO 639-2 code of a language, for ID3 tags: 'en' -> 'eng', 'zh-tw' -> 'zho'."""
    return str(_langcodes().Language.get(code).to_alpha3())


def _langcodes() -> Any:
    """langcodes, imported on first use: its tables cost ~60 ms at start, and a site in
    the languages known above never needs them."""
    import langcodes

    return langcodes
