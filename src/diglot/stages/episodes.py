"""Episodes stage: which article pairs are podcast episodes in which languages, and their
stable numbers, kept in the project's `episodes.lock`.

One number per pair, the same in every language's feed. Numbers pinned in site.toml
(`[podcast] episode_numbers`) win; numbers already in the lock are kept; new episodes
get the next numbers after the highest locked one, oldest first (date, then key), so
adding an older post never renumbers what exists. A number, once given, stays in the
lock even if its post goes away, so it is never given to another episode.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from types import MappingProxyType

from diglot.config import Config
from diglot.errors import Diagnostic, SourceError
from diglot.frontmatter import describe_toml_error
from diglot.model import ArticlePair, Content

LOCK_FILE = "episodes.lock"
_LATEST = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Episode:
    """One planned episode: a pair spoken in one language."""

    pair: ArticlePair
    lang: str
    number: int
    draft: bool


@dataclass(frozen=True)
class Plan:
    episodes: tuple[Episode, ...]  # by number, then language in config order
    lock: Mapping[str, int]  # what episodes.lock should hold: published numbers, kept ones


def _published(pair: ArticlePair, drafts: bool) -> bool:
    """Whether the pair as a whole still wants to be a podcast (for script-only languages)."""
    return any(a.podcast and (drafts or not a.draft) for a in pair.articles.values())


def languages(pair: ArticlePair, config: Config, drafts: bool = False) -> tuple[str, ...]:
    """The languages in which `pair` is an episode: an article of that language (unless
    `podcast: false` or a draft), or a hand-written script of it, or, for a derived
    language with `podcast = true`, an episode of its source language."""
    if pair.kind != "post":
        return ()
    found: list[str] = []
    for lang in config.languages:
        if not lang.podcast:
            continue
        article = pair.articles.get(lang.code)
        if article is not None:
            wanted = article.podcast and (drafts or not article.draft)
        elif lang.code in pair.scripts:
            wanted = _published(pair, drafts)
        else:
            wanted = lang.derived_from is not None and lang.derived_from in found
        if wanted:
            found.append(lang.code)
    return tuple(found)


def _is_draft(pair: ArticlePair, lang: str) -> bool:
    article = pair.articles.get(lang)
    if article is not None:
        return article.draft
    return all(a.draft for a in pair.articles.values())


def plan(content: Content, config: Config, locked: Mapping[str, int], drafts: bool = False) -> Plan:
    """Number every episode; `locked` is what episodes.lock holds now."""
    wanted = {p.key: (p, languages(p, config, drafts)) for p in content.pairs}
    wanted = {k: v for k, v in wanted.items() if v[1]}
    published = {
        k for k, (p, langs) in wanted.items() if any(not _is_draft(p, lang) for lang in langs)
    }
    pinned = dict(config.podcast.episode_numbers)
    numbers = dict(pinned)
    taken = set(pinned.values())
    for key, number in sorted(locked.items(), key=lambda kv: (kv[1], kv[0])):
        if key not in pinned and number not in taken:
            numbers[key] = number
            taken.add(number)
    next_number = max((n for k, n in numbers.items() if k not in pinned), default=0) + 1

    def give(keys: list[str]) -> None:
        nonlocal next_number
        for key in sorted(keys, key=lambda k: (wanted[k][0].date or _LATEST, k)):
            while next_number in taken:
                next_number += 1
            numbers[key] = next_number
            taken.add(next_number)

    give([k for k in published if k not in numbers])
    lock = {k: n for k, n in numbers.items() if k in published or k in locked}
    give([k for k in wanted if k not in numbers])  # drafts: numbered, not locked

    episodes = [
        Episode(pair, lang, numbers[key], _is_draft(pair, lang))
        for key, (pair, langs) in wanted.items()
        for lang in langs
    ]
    order = {lang.code: i for i, lang in enumerate(config.languages)}
    episodes.sort(key=lambda e: (e.number, order[e.lang]))
    return Plan(tuple(episodes), MappingProxyType(lock))


def parse_lock(source: str) -> dict[str, int]:
    """The numbers in the text of episodes.lock; a SourceError names its line."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        message, line, col = describe_toml_error(exc)
        raise SourceError(
            Diagnostic(LOCK_FILE, line, col, f"not valid TOML: {message}", _LOCK_HINT)
        ) from None
    table = data.get("episodes", {})
    if not isinstance(table, dict) or set(data) - {"episodes"}:
        raise SourceError(
            Diagnostic(LOCK_FILE, 1, 0, "expected only an [episodes] table", _LOCK_HINT)
        )
    for key, number in table.items():
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise SourceError(
                Diagnostic(
                    LOCK_FILE,
                    _line_of(source, key),
                    0,
                    f"episode number of '{key}' must be a whole number from 1 ({number!r})",
                    _LOCK_HINT,
                )
            )
    return dict(table)


_LOCK_HINT = "fix the line, or delete episodes.lock to number all episodes afresh"


def _line_of(source: str, key: str) -> int:
    quoted = json.dumps(key, ensure_ascii=False)
    for number, line in enumerate(source.splitlines(), 1):
        if line.lstrip().startswith((quoted, key + " ", key + "=")):
            return number
    return 0


def format_lock(numbers: Mapping[str, int]) -> str:
    """The text of episodes.lock: sorted by number, the same bytes for the same numbers."""
    lines = [
        "# Episode numbers of the podcast, kept by `diglot build` and `podcast export`",
        "# so that they never change. Commit this file. Numbers pinned in site.toml",
        "# win; delete a line to free its number.",
        "[episodes]",
    ]
    for key, number in sorted(numbers.items(), key=lambda kv: (kv[1], kv[0])):
        quoted = json.dumps(key, ensure_ascii=False).replace("\x7f", "\\u007f")
        lines.append(f"{quoted} = {number}")
    return "\n".join(lines) + "\n"


def file_stems(keys: Iterable[str]) -> dict[str, str]:
    """The file name stem of each episode key, shared by its script, audio and transcript
    files: safe and unique: 'posts/x' -> 'posts--x'; stems that would
    collide (also case-insensitively) get a short hash of their key."""
    stems = {}
    for key in sorted(set(keys)):
        stem = re.sub(r"[^\w.-]+", "-", key.replace("/", "--")).strip("-.")
        stems[key] = stem[:120] or "episode"
    groups: dict[str, list[str]] = defaultdict(list)
    for key, stem in stems.items():
        groups[stem.lower()].append(key)
    for keys_ in groups.values():
        if len(keys_) > 1:
            for key in keys_:
                digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
                stems[key] = f"{stems[key]}-{digest}"
    return stems
