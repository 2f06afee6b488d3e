"""site.toml -> one frozen `Config`. Every default lives here; every key is documented in
`configkeys.py`.

All keys are optional: a project with only `content/` builds. A bad key or value is
a `ConfigError` naming site.toml, the line, the key and what is allowed.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from diglot import languages
from diglot.configkeys import TOP_KEYS, url_problem
from diglot.configschema import line_of, validate
from diglot.errors import ConfigError, Diagnostic, DiglotError
from diglot.frontmatter import describe_toml_error
from diglot.text.conversion import conversions, convert, valid_conversion

CONFIG_FILE = "site.toml"
DEFAULT_LANGUAGES = ("en", "zh-tw")
DEFAULT_TITLES = {"en": "Continuous Improvement", "zh-tw": "持續改進", "zh-cn": "持续改进"}
DEFAULT_DESCRIPTIONS = {
    "en": "Notes on getting a little better every day, in writing and as a podcast.",
    "zh-tw": "每天進步一點點的筆記，以文字和播客呈現。",
    "zh-cn": "每天进步一点点的笔记，以文字和播客呈现。",
}
DEFAULT_SHOW_NAMES = DEFAULT_TITLES
# espeak-ng voices. cmn-latn-pinyin reads Traditional and Simplified characters right
# (plain cmn mispronounces many); Latin words inside Chinese are spoken with the
# English voice instead, since that voice would read them as pinyin.
DEFAULT_VOICES = {"en": "en-us", "zh-tw": "cmn-latn-pinyin", "zh-cn": "cmn-latn-pinyin"}
LATIN_VOICE_LANGUAGE = "en"


@dataclass(frozen=True)
class LanguageConfig:
    """One edition of the site: an authored language, or one derived from another."""

    code: str
    tag: str
    label: str
    locale: str
    cjk: bool
    script: str
    prefix: str
    title: str
    description: str
    date_format: str = "long"
    derived_from: str | None = None
    conversion: str | None = None
    podcast: bool = True


@dataclass(frozen=True)
class PodcastConfig:
    show_name: Mapping[str, str]
    description: Mapping[str, str]
    host: str = "Victor"
    email: str = ""
    intro_template: str = "podcast/intro"
    outro_template: str = "podcast/outro"
    words_per_minute: int = 150
    cjk_chars_per_minute: int = 240
    code_blocks: str = "note"
    tables: str = "read"
    episode_numbers: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    voices: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    rate: int = 165
    bitrate: int = 64
    category: str = "Technology"
    explicit: bool = False
    cover: str = ""
    locked: bool = True

    def voice(self, lang: str) -> str:
        """espeak-ng voice of a language: configured, else diglot's default, else the
        language's primary code ('fr'), which espeak-ng also takes as a voice name."""
        return self.voices.get(lang) or DEFAULT_VOICES.get(lang) or lang.split("-")[0]

    @property
    def latin_voice(self) -> str:
        """Voice of Latin-script words inside CJK text: the English voice."""
        return self.voice(LATIN_VOICE_LANGUAGE)


@dataclass(frozen=True)
class LintConfig:
    allow: tuple[str, ...] = ()
    cjk_latin_spacing: str = "off"


@dataclass(frozen=True)
class Config:
    """Everything site.toml can say, with defaults filled in."""

    root: Path
    languages: tuple[LanguageConfig, ...]  # authored languages first, then derived ones
    base_url: str = "http://localhost:1313/"
    author: str = "Victor"
    sections: tuple[str, ...] = ("posts",)
    paginate: int = 10
    feed_items: int = 20
    unsafe_html: bool = False
    timezone: str = "UTC"
    tags: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    permalinks: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    podcast: PodcastConfig = field(
        default_factory=lambda: PodcastConfig(MappingProxyType({}), MappingProxyType({}))
    )
    lint: LintConfig = field(default_factory=LintConfig)
    languages_explicit: bool = False

    @property
    def default_language(self) -> LanguageConfig:
        return self.languages[0]

    @property
    def authored(self) -> tuple[LanguageConfig, ...]:
        return tuple(lang for lang in self.languages if lang.derived_from is None)

    @property
    def derived(self) -> tuple[LanguageConfig, ...]:
        return tuple(lang for lang in self.languages if lang.derived_from is not None)

    def language(self, code: str) -> LanguageConfig:
        for lang in self.languages:
            if lang.code == code:
                return lang
        raise KeyError(code)

    def permalink(self, section: str) -> str:
        return self.permalinks.get(section, "/{lang}/{section}/{slug}/")

    def show_name(self, lang: str) -> str:
        """The podcast's name in a language: configured, else the site title."""
        return self.podcast.show_name.get(lang) or self.language(lang).title

    def show_description(self, lang: str) -> str:
        """The podcast's description in a language: configured, else the site's."""
        return self.podcast.description.get(lang) or self.language(lang).description


def with_base_url(config: Config, base_url: str) -> Config:
    """The config with another base URL (`diglot build --base-url`)."""
    problem = url_problem(base_url)
    if problem:
        raise DiglotError(f"--base-url: {base_url!r} {problem}")
    return replace(config, base_url=base_url.rstrip("/") + "/")


def read(root: Path) -> tuple[dict[str, Any], str]:
    """The raw table and text of site.toml ({} when there is none)."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return {}, ""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([Diagnostic(CONFIG_FILE, 0, 0, f"cannot read: {exc}")]) from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        message, line, col = describe_toml_error(exc)
        raise ConfigError(
            [
                Diagnostic(
                    CONFIG_FILE,
                    line,
                    col,
                    f"not valid TOML: {message}",
                    "see https://toml.io for the syntax",
                )
            ]
        ) from None


def load(root: Path, discovered: Iterable[str] = ()) -> Config:
    """Read and validate site.toml under `root`; `discovered` are language codes found
    in file names, used when site.toml does not list the languages."""
    raw, text = read(root)
    problems = [
        Diagnostic(CONFIG_FILE, line_of(text, path), 0, message, hint)
        for path, message, hint in validate(raw, TOP_KEYS)
    ]
    if not problems:
        problems = _check_references(raw, text)
    if problems:
        raise ConfigError(problems)
    return _build(root, raw, discovered)


def _check_references(raw: dict[str, Any], text: str) -> list[Diagnostic]:
    """Checks across keys: language tables and maps must name configured languages."""
    authored = [languages.normalize(c) for c in raw.get("languages", DEFAULT_LANGUAGES)]
    derived = [languages.normalize(c) for c in raw.get("derived", {})]
    known = authored + derived
    problems: list[Diagnostic] = []

    def unknown(path: tuple[str, ...], code: str, allowed: list[str]) -> None:
        problems.append(
            Diagnostic(
                CONFIG_FILE,
                line_of(text, path),
                0,
                f"{'.'.join(path)}: {code!r} is not a configured language",
                f"use one of {', '.join(allowed)} or add it to 'languages'",
            )
        )

    for code in raw.get("language", {}):
        if languages.normalize(code) not in known:
            unknown(("language", code), code, known)
    for code, table in raw.get("derived", {}).items():
        if languages.normalize(code) in authored:
            problems.append(
                Diagnostic(
                    CONFIG_FILE,
                    line_of(text, ("derived", code)),
                    0,
                    f"derived.{code}: {code!r} is already an authored language",
                    "remove it from 'languages' or from [derived]",
                )
            )
        source = languages.normalize(table["from"])
        if source not in authored:
            unknown(("derived", code, "from"), table["from"], authored)
        if not valid_conversion(table["conversion"]):
            known_conversions = conversions()
            close = difflib.get_close_matches(table["conversion"], known_conversions, n=1)
            problems.append(
                Diagnostic(
                    CONFIG_FILE,
                    line_of(text, ("derived", code, "conversion")),
                    0,
                    f"derived.{code}.conversion: {table['conversion']!r} is not an OpenCC "
                    "configuration",
                    f"did you mean {close[0]!r}?"
                    if close
                    else f"use one of {', '.join(known_conversions)}",
                )
            )
    problems.extend(_check_episode_numbers(raw.get("podcast", {}), text))
    maps = [(("tags", tag), names) for tag, names in raw.get("tags", {}).items()]
    maps += [
        (("podcast", key), raw.get("podcast", {}).get(key))
        for key in ("show_name", "description", "voices")
    ]
    for path, mapping in maps:
        if isinstance(mapping, dict):
            for code in mapping:
                if languages.normalize(code) not in known:
                    unknown((*path, code), code, known)
    return problems


def _check_episode_numbers(podcast: dict[str, Any], text: str) -> list[Diagnostic]:
    """Pinned episode numbers must be whole numbers from 1, each given once."""
    problems = []
    first: dict[int, str] = {}
    for key, number in podcast.get("episode_numbers", {}).items():
        path = ("podcast", "episode_numbers", key)
        if number < 1:
            message = f"podcast.episode_numbers.{key}: must be 1 or more, not {number}"
        elif number in first:
            message = f"podcast.episode_numbers: {first[number]!r} and {key!r} both have {number}"
        else:
            first[number] = key
            continue
        problems.append(
            Diagnostic(CONFIG_FILE, line_of(text, path), 0, message, "give each episode its own")
        )
    return problems


def _lang_map(value: Any, codes: Iterable[str], default: Mapping[str, str]) -> Mapping[str, str]:
    if isinstance(value, str):
        return MappingProxyType({code: value for code in codes})
    given = {languages.normalize(k): v for k, v in (value or {}).items()}
    return MappingProxyType({c: given.get(c, default.get(c, "")) for c in codes})


def _order_discovered(found: Iterable[str]) -> tuple[str, ...]:
    found = set(found)
    preferred = [c for c in DEFAULT_LANGUAGES if c in found]
    return tuple(preferred + sorted(found - set(preferred)))


def _build(root: Path, raw: dict[str, Any], discovered: Iterable[str]) -> Config:
    explicit = "languages" in raw
    if explicit:
        authored = tuple(languages.normalize(c) for c in raw["languages"])
    else:
        authored = _order_discovered(discovered) or DEFAULT_LANGUAGES
    per_language = {languages.normalize(k): v for k, v in raw.get("language", {}).items()}
    derived = {languages.normalize(k): v for k, v in raw.get("derived", {}).items()}

    def edition(code: str, settings: Mapping[str, Any]) -> LanguageConfig:
        facts = languages.info(code)
        return LanguageConfig(
            code=code,
            tag=settings.get("tag", facts.tag),
            label=settings.get("label", facts.label),
            locale=facts.locale,
            cjk=facts.cjk,
            script=facts.script,
            prefix=settings.get("prefix", code),
            title=settings.get(
                "title", raw.get("title", DEFAULT_TITLES.get(code, DEFAULT_TITLES["en"]))
            ),
            description=settings.get(
                "description", raw.get("description", DEFAULT_DESCRIPTIONS.get(code, ""))
            ),
            date_format=settings.get("date_format", "long"),
        )

    def derived_edition(code: str, settings: Mapping[str, Any]) -> LanguageConfig:
        """A derived language: by default, its source's titles converted."""
        source = next(e for e in editions if e.code == languages.normalize(settings["from"]))
        conversion = settings["conversion"]
        return replace(
            edition(code, settings),
            title=settings.get("title", convert(source.title, conversion)),
            description=settings.get("description", convert(source.description, conversion)),
            derived_from=source.code,
            conversion=conversion,
            podcast=settings.get("podcast", False),
        )

    editions = [edition(c, per_language.get(c, {})) for c in authored]
    editions += [derived_edition(c, {**per_language.get(c, {}), **d}) for c, d in derived.items()]
    codes = [e.code for e in editions]

    podcast_raw = raw.get("podcast", {})
    podcast = PodcastConfig(
        show_name=_lang_map(podcast_raw.get("show_name"), codes, DEFAULT_SHOW_NAMES),
        description=_lang_map(podcast_raw.get("description"), codes, DEFAULT_DESCRIPTIONS),
        episode_numbers=MappingProxyType(dict(podcast_raw.get("episode_numbers", {}))),
        voices=_lang_map(podcast_raw.get("voices"), codes, {}),
        **{
            k: v
            for k, v in podcast_raw.items()
            if k not in {"show_name", "description", "episode_numbers", "voices"}
        },
    )
    lint_raw = raw.get("lint", {})
    tags = {
        tag: MappingProxyType({languages.normalize(k): v for k, v in names.items()})
        for tag, names in raw.get("tags", {}).items()
    }
    return Config(
        root=root,
        languages=tuple(editions),
        base_url=raw.get("base_url", Config.base_url).rstrip("/") + "/",
        author=raw.get("author", Config.author),
        sections=tuple(raw.get("sections", Config.sections)),
        paginate=raw.get("paginate", Config.paginate),
        feed_items=raw.get("feed_items", Config.feed_items),
        unsafe_html=raw.get("unsafe_html", Config.unsafe_html),
        timezone=raw.get("timezone", Config.timezone),
        tags=MappingProxyType(tags),
        permalinks=MappingProxyType(dict(raw.get("permalinks", {}))),
        podcast=podcast,
        lint=LintConfig(
            allow=tuple(lint_raw.get("allow", ())),
            cjk_latin_spacing=lint_raw.get("cjk_latin_spacing", "off"),
        ),
        languages_explicit=explicit,
    )
