"""Script stage: the paired content becomes one `EpisodeScript` per episode and language:
an intro and an outro from templates around the speakable article, or a hand-written
script used as written. A pure function of the content and the config; the voice and
feed stages consume its result, so no text is made twice.

Intro and outro templates are `<intro_template>.<lang>.txt.j2` (default
`podcast/intro.en.txt.j2`), a project's own `templates/` first. A language without its
own template uses its source language's (for a derived language, whose whole episode
is then converted with OpenCC), else the default language's, else the first language's
that has one.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from types import MappingProxyType
from typing import Any

from diglot import i18n, parallel, templates, text
from diglot.config import Config, LanguageConfig
from diglot.model import Article, ArticlePair, Content, EpisodeScript, ScriptSource, Segment
from diglot.stages import episodes, speakable
from diglot.stages.site import format_day

SERIAL_BELOW = 200  # episodes; fewer are written in one process
CHUNK = 50  # episodes per task


def scripts(
    content: Content,
    config: Config,
    locked: Mapping[str, int] = MappingProxyType({}),
    drafts: bool = False,
) -> tuple[EpisodeScript, ...]:
    """Every episode script, ordered by number then language; `locked` holds the numbers
    of episodes.lock; drafts are left out unless `drafts`."""
    return tuple(write(config, episodes.plan(content, config, locked, drafts).episodes))


def write(
    config: Config,
    planned: Sequence[episodes.Episode],
    workers: int = 1,
    known: dict[tuple[object, ...], EpisodeScript] | None = None,
) -> list[EpisodeScript]:
    """The scripts of some planned episodes (`episodes.plan`), in their order; in
    `workers` processes when there are many (a script reads its article's Markdown
    again, which costs about as much as rendering it). `known` holds the scripts of an
    earlier build with the same config (the dev server's), by what they are made from:
    those are not written again, and the new ones are added."""
    if known is None:
        return _write_all(config, planned, workers)
    sources = [source_key(e) for e in planned]
    todo = [e for e, source in zip(planned, sources, strict=True) if source not in known]
    for episode, made in zip(todo, _write_all(config, todo, workers), strict=True):
        known[source_key(episode)] = made
    return [known[source] for source in sources]


def source_key(episode: episodes.Episode) -> tuple[object, ...]:
    """Everything a planned episode's script is made from: equal keys, equal scripts."""
    pair = episode.pair
    return (
        episode.lang,
        episode.number,
        pair.key,
        tuple(
            (a.path, a.lang, a.title, a.summary, a.date, a.tags, a.podcast, a.body)
            for a in pair.articles.values()
        ),
        tuple((s.path, s.lang, s.title, s.body) for s in pair.scripts.values()),
    )


def _write_all(
    config: Config, planned: Sequence[episodes.Episode], workers: int
) -> list[EpisodeScript]:
    if workers <= 1 or len(planned) < SERIAL_BELOW:
        return _write_span((config, planned), (0, len(planned)))
    made: list[EpisodeScript] = []
    with parallel.Workers(workers, (config, planned)) as pool:
        spans = [(i, i + CHUNK) for i in range(0, len(planned), CHUNK)]
        for part in pool.map(_write_span, spans):
            made.extend(part)
    return made


def _write_span(
    state: tuple[Config, Sequence[episodes.Episode]], span: tuple[int, int]
) -> list[EpisodeScript]:
    config, planned = state
    writer = _Writer(config)
    return [writer.episode(e.pair, e.lang, e.number) for e in planned[span[0] : span[1]]]


def guid(config: Config, key: str, lang: str) -> str:
    """The episode's stable id: UUIDv5 (URL namespace) of '<base_url>podcast/<lang>/<key>'."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{config.base_url}podcast/{lang}/{key}"))


@dataclass(frozen=True)
class _Material:
    """What one language's episode is made from."""

    article: Article | None  # the article in the episode's language, if any
    script: ScriptSource | None  # the hand-written script, if any
    meta: Article  # where date, tags and the fallback title come from


class _Writer:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.phrases = i18n.strings(config, "podcast")

    def episode(self, pair: ArticlePair, lang: str, number: int) -> EpisodeScript:
        edition = self.config.language(lang)
        material = self._material(pair, lang) or self._material(pair, edition.derived_from)
        assert material is not None, "episodes.plan only plans episodes with material"
        if material.script is not None:
            body = self._sections(material.script.body, lang, verbatim=True)
            segments = tuple(Segment("section", s.title, s.paragraphs) for s in body)
        else:
            segments = self._generated(material, edition, number)
        script = self._assemble(pair, lang, number, material, segments)
        if edition.derived_from and edition.conversion:
            script = _convert(script, edition.conversion)
        return self._measured(script)

    def _material(self, pair: ArticlePair, lang: str | None) -> _Material | None:
        if lang is None:
            return None
        article, script = pair.articles.get(lang), pair.scripts.get(lang)
        if article is None and script is None:
            return None
        return _Material(article, script, article or next(iter(pair.articles.values())))

    def _sections(self, body: str, lang: str, verbatim: bool) -> tuple[speakable.Section, ...]:
        style = speakable.Style(
            lang,
            self.phrases[lang],
            self.config.podcast.code_blocks,
            self.config.podcast.tables,
            verbatim,
        )
        return speakable.sections(body, style)

    def _generated(
        self, material: _Material, edition: LanguageConfig, number: int
    ) -> tuple[Segment, ...]:
        article = material.article or material.meta
        context = self._context(article, edition, number)
        body = self._sections(article.body, edition.code, verbatim=False)
        return (
            Segment("intro", "", self._frame(self.config.podcast.intro_template, edition, context)),
            *(Segment("section", s.title, s.paragraphs) for s in body),
            Segment("outro", "", self._frame(self.config.podcast.outro_template, edition, context)),
        )

    def _context(self, article: Article, edition: LanguageConfig, number: int) -> dict[str, Any]:
        title = speakable.inline(article.title)
        return {
            "show": self.config.podcast.show_name.get(edition.code) or edition.title,
            "host": self.config.podcast.host,
            "title": title,
            "topic": title.rstrip(".!?。！？"),
            "number": number,
            "date": article.date,
            "date_text": _spoken_date(article.date, edition),
            "summary": speakable.inline(article.summary),
            "tags": article.tags,
            "lang": edition.code,
            "key": article.key,
        }

    def _frame(
        self, base: str, edition: LanguageConfig, context: dict[str, Any]
    ) -> tuple[str, ...]:
        """The paragraphs of an intro or outro template (blank lines separate them)."""
        candidates = [edition.code, edition.derived_from, self.config.default_language.code]
        candidates += [lang.code for lang in self.config.languages]
        paths = templates.search_path(self.config.root)
        name = next(
            (
                f"{base}.{code}.txt.j2"
                for code in candidates
                if code and any((p / f"{base}.{code}.txt.j2").is_file() for p in paths)
            ),
            f"{base}.{edition.code}.txt.j2",  # missing everywhere: a clear template error
        )
        rendered = templates.render(self.config.root, name, context)
        paragraphs = (text.tidy(p) for p in rendered.replace("\r\n", "\n").split("\n\n"))
        return tuple(p for p in paragraphs if p)

    def _assemble(
        self,
        pair: ArticlePair,
        lang: str,
        number: int,
        material: _Material,
        segments: tuple[Segment, ...],
    ) -> EpisodeScript:
        article, script, meta = material.article, material.script, material.meta
        params = script.params if script is not None else {}
        title = (article.title if article else "") or (script.title if script else "")
        summary = article.summary if article else str(params.get("summary", ""))
        tags = article.tags if article else self._tags(params.get("tags"), meta, lang)
        sources = tuple(s.path for s in (article, script) if s is not None)
        return EpisodeScript(
            key=pair.key,
            lang=lang,
            number=number,
            guid=guid(self.config, pair.key, lang),
            title=speakable.inline(title or meta.title),
            date=(article.date if article else None) or pair.date,
            summary=speakable.inline(summary),
            tags=tags,
            segments=segments,
            hand_written=script is not None,
            sources=sources,
            words=0,
            cjk_chars=0,
            estimated_seconds=0.0,
        )

    def _tags(self, own: Any, meta: Article, lang: str) -> tuple[str, ...]:
        """A script-only episode's tags: its own, else its article's, translated."""
        if isinstance(own, list) and own:
            return tuple(str(t) for t in own)
        translated = []
        for tag in meta.tags:
            canonical = next(
                (k for k, names in self.config.tags.items() if names.get(meta.lang) == tag), tag
            )
            translated.append(self.config.tags.get(canonical, {}).get(lang, canonical))
        return tuple(dict.fromkeys(translated))

    def _measured(self, script: EpisodeScript) -> EpisodeScript:
        spoken = "\n".join(p for s in script.segments for p in s.paragraphs)
        counts = text.count(spoken)
        minutes = counts.minutes(
            self.config.podcast.words_per_minute, self.config.podcast.cjk_chars_per_minute
        )
        return replace(
            script,
            words=counts.words,
            cjk_chars=counts.cjk,
            estimated_seconds=round(minutes * 60, 1),
        )


def _spoken_date(value: datetime | None, edition: LanguageConfig) -> str:
    if value is None:
        return ""
    return format_day(value.date(), edition)


def _convert(script: EpisodeScript, conversion: str) -> EpisodeScript:
    """A derived language's episode: every text of its source's converted with OpenCC."""

    def c(value: str) -> str:
        return text.convert(value, conversion)

    return replace(
        script,
        title=c(script.title),
        summary=c(script.summary),
        tags=tuple(c(t) for t in script.tags),
        segments=tuple(
            Segment(s.kind, c(s.title), tuple(c(p) for p in s.paragraphs)) for s in script.segments
        ),
    )
