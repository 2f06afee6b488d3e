"""Every key site.toml may hold: its type, what it means, and which values are allowed
(the schema `config.py` checks a file against before it builds a `Config`)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from diglot import languages
from diglot.configschema import LANG_MAP, Key, LangText, Table


def _positive(value: Any) -> str | None:
    return None if value > 0 else "must be greater than 0"


def _timezone(value: Any) -> str | None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return "is not an IANA time zone name such as 'UTC' or 'Asia/Taipei'"
    return None


def url_problem(value: Any) -> str | None:
    ok = value.startswith(("http://", "https://")) and len(value.split("/")) >= 3
    return None if ok else "must be an absolute http(s) URL such as 'https://example.org/'"


def _language_code(value: Any) -> str | None:
    return None if languages.is_valid(value) else "is not a BCP 47 language code such as 'en'"


def _language_list(value: Any) -> str | None:
    if not value:
        return "must name at least one language"
    bad = [v for v in value if not languages.is_valid(v)]
    if bad:
        return f"{bad[0]!r} is not a BCP 47 language code such as 'en' or 'zh-tw'"
    codes = [languages.normalize(v) for v in value]
    if len(set(codes)) != len(codes):
        return "names one language twice"
    return None


def _permalink(value: Any) -> str | None:
    if "{slug}" not in value or not value.startswith("/") or not value.endswith("/"):
        return "must start and end with '/' and contain {slug}, e.g. '/{lang}/posts/{slug}/'"
    try:
        value.format(lang="en", section="posts", slug="x", year=2024, month="01", day="01")
    except (KeyError, IndexError, ValueError):
        return "may only use {lang}, {section}, {slug}, {year}, {month} and {day}"
    return None


LANGUAGE_KEYS = Table(
    "settings of one language",
    {
        "title": Key(str, "site title in this language"),
        "description": Key(str, "site description in this language"),
        "label": Key(str, "the language's own name in the switcher, e.g. '繁體中文'"),
        "tag": Key(str, "BCP 47 tag for <html lang> and hreflang, e.g. 'zh-Hant-TW'"),
        "prefix": Key(str, "URL prefix of this language's pages (default: the code)"),
        "date_format": Key(
            str, "babel date format: 'short', 'medium', 'long', 'full' or a pattern like 'y-MM-dd'"
        ),
    },
)

DERIVED_KEYS = Table(
    "a language generated from another with OpenCC",
    {
        "from": Key(str, "the authored language it is converted from, e.g. 'zh-tw'", required=True),
        "conversion": Key(str, "OpenCC configuration, e.g. 'tw2sp'", required=True),
        "title": Key(str, "site title in this language"),
        "description": Key(str, "site description in this language"),
        "label": Key(str, "the language's own name in the switcher"),
        "tag": Key(str, "BCP 47 tag, e.g. 'zh-Hans'"),
        "prefix": Key(str, "URL prefix (default: the code)"),
        "date_format": Key(str, "babel date format"),
        "podcast": Key(bool, "publish a podcast feed of converted scripts too"),
    },
)

PODCAST_KEYS = Table(
    "podcast settings",
    {
        "show_name": Key(LangText, "show name, one string or a table per language"),
        "description": Key(LangText, "show description, one string or a table per language"),
        "host": Key(str, "host's name, spoken in the intro and outro"),
        "email": Key(str, "owner e-mail for the feed (itunes:owner)"),
        "intro_template": Key(str, "template name of the intro, without language and extension"),
        "outro_template": Key(str, "template name of the outro"),
        "words_per_minute": Key(int, "English speaking rate for duration estimates", _positive),
        "cjk_chars_per_minute": Key(int, "Chinese speaking rate for estimates", _positive),
        "code_blocks": Key(str, "how scripts treat code blocks", choices=("note", "skip")),
        "tables": Key(str, "how scripts treat tables", choices=("read", "note")),
        "episode_numbers": Key(dict, "pinned episode numbers: key = number", items=int),
        "voices": Key(LangText, "espeak-ng voice per language"),
        "rate": Key(int, "speech rate in words per minute for the voice", _positive),
        "bitrate": Key(int, "MP3 bitrate in kbit/s", choices=(32, 48, 64, 96, 128)),
        "category": Key(str, "Apple Podcasts category, e.g. 'Technology'"),
        "explicit": Key(bool, "itunes:explicit"),
        "cover": Key(str, "square cover image, relative to the project"),
        "locked": Key(bool, "podcast:locked"),
    },
)

LINT_KEYS = Table(
    "Chinese lint settings for `diglot check`",
    {
        "allow": Key(list, "words that stay as written even if OpenCC would change them"),
        "cjk_latin_spacing": Key(
            str, "spacing between CJK and Latin text", choices=("off", "require", "forbid")
        ),
    },
)

TOP_KEYS = Table(
    "site.toml",
    {
        "title": Key(str, "site title for every language without its own"),
        "description": Key(str, "site description for every language without its own"),
        "base_url": Key(str, "absolute URL the site is published at", url_problem),
        "author": Key(str, "author of the articles"),
        "languages": Key(
            list, "authored languages in order; the first is the default", _language_list
        ),
        "sections": Key(list, "content folders that hold posts (others hold pages)"),
        "paginate": Key(int, "posts per page on home and list pages", _positive),
        "feed_items": Key(int, "newest posts in each RSS and Atom feed", _positive),
        "unsafe_html": Key(bool, "let raw HTML in Markdown through instead of escaping it"),
        "timezone": Key(str, "time zone of dates written without one", _timezone),
        "language": Table(
            "per-language settings, keyed by language code",
            {},
            each=LANGUAGE_KEYS,
            key_check=_language_code,
        ),
        "derived": Table(
            "derived languages, keyed by code", {}, each=DERIVED_KEYS, key_check=_language_code
        ),
        "tags": Table("tag translations: [tags.podcast] zh-tw = '播客'", {}, each=LANG_MAP),
        "permalinks": Table(
            "URL pattern per section", {}, each=Key(str, "URL pattern", _permalink)
        ),
        "podcast": PODCAST_KEYS,
        "lint": LINT_KEYS,
    },
)
