"""Validate stage: checks over the paired content that find likely mistakes
(warnings, errors with --strict). Each check is a named function in CHECKS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from diglot.config import Config
from diglot.errors import Diagnostic
from diglot.markdown import heading_levels
from diglot.model import Article, ArticlePair, Content
from diglot.stages import lint

Check = Callable[[Content, Config], Iterable[Diagnostic]]


def _warning(article: Article, message: str, hint: str, code: str) -> Diagnostic:
    return Diagnostic(article.path, 0, 0, message, hint, "warning", code)


def orphans(content: Content, config: Config) -> Iterator[Diagnostic]:
    authored = [lang.code for lang in config.authored]
    if len(authored) < 2:
        return
    for pair in content.pairs:
        missing = [c for c in authored if c not in pair.articles]
        if missing and len(missing) < len(authored):
            only = next(iter(pair.articles.values()))
            names = ", ".join(config.language(c).label for c in missing)
            yield _warning(
                only,
                f"no {names} version; it is published in {config.language(only.lang).label} only",
                f"add a translation with translationKey '{pair.key}'",
                "orphan",
            )


def _touched(article: Article) -> object:
    return article.lastmod or article.date


def stale_translations(content: Content, config: Config) -> Iterator[Diagnostic]:
    for pair in content.pairs:
        versions = [a for a in pair.articles.values() if _touched(a) is not None]
        if len(versions) < 2:
            continue
        newest = max(versions, key=lambda a: a.lastmod or a.date)  # type: ignore[arg-type, return-value]
        for article in versions:
            mine, theirs = article.lastmod or article.date, newest.lastmod or newest.date
            if mine is not None and theirs is not None and mine < theirs:
                yield _warning(
                    article,
                    f"translation may be stale: {newest.path} was modified "
                    f"{theirs.date().isoformat()}, after this one ({mine.date().isoformat()})",
                    "update it and its 'lastmod'",
                    "stale",
                )


def heading_structure(content: Content, config: Config) -> Iterator[Diagnostic]:
    for pair in content.pairs:
        if len(pair.articles) < 2:
            continue
        counts = {lang: heading_levels(a.body).count(2) for lang, a in pair.articles.items()}
        reference_lang = next(iter(pair.articles))
        reference = pair.articles[reference_lang]
        for lang, article in pair.articles.items():
            if counts[lang] != counts[reference_lang]:
                yield _warning(
                    article,
                    f"has {counts[lang]} '##' headings but {reference.path} has "
                    f"{counts[reference_lang]}",
                    "keep the sections of translations in step",
                    "headings",
                )


def drafts(content: Content, config: Config) -> Iterator[Diagnostic]:
    for pair in content.pairs:
        states = {a.draft for a in pair.articles.values()}
        if len(states) > 1:
            for article in pair.articles.values():
                if article.draft:
                    yield _warning(
                        article,
                        "a draft, but its translation is published",
                        "publish both or neither (draft: false)",
                        "draft",
                    )


def empty_bodies(content: Content, config: Config) -> Iterator[Diagnostic]:
    for pair in content.pairs:
        for article in pair.articles.values():
            if not article.body.strip():
                yield _warning(article, "the body is empty", "write the article", "empty")


CHECKS: list[tuple[str, Check]] = [
    ("orphans", orphans),
    ("stale translations", stale_translations),
    ("heading structure", heading_structure),
    ("drafts", drafts),
    ("empty bodies", empty_bodies),
    ("Chinese lint", lint.check),
]


def validate(content: Content, config: Config) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for _name, check in CHECKS:
        found.extend(check(content, config))
    return found


def count_orphans(pairs: Iterable[ArticlePair], config: Config) -> dict[str, int]:
    """Orphans per language, for the summary."""
    authored = {lang.code for lang in config.authored}
    if len(authored) < 2:
        return {}
    counts = {lang.code: 0 for lang in config.authored}
    for pair in pairs:
        present = authored & set(pair.articles)
        if len(present) == 1:
            counts[next(iter(present))] += 1
    return counts
