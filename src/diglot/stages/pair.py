"""Pair stage: group the loaded articles and scripts into ArticlePairs by their
language-free key, and report ambiguous keys and URL collisions.

A file's key is its `translationKey`; without one it takes the key its path
siblings declare (`x.md` declares it, `x.zh-tw.md` inherits it), else its path.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from types import MappingProxyType
from typing import TypeVar

from diglot import urls
from diglot.config import Config
from diglot.errors import Diagnostic
from diglot.model import Article, ArticlePair, Content, ScriptSource
from diglot.stages.load import Loaded

T = TypeVar("T", Article, ScriptSource)


def pair(loaded: Loaded, config: Config) -> tuple[Content, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    articles = _inherit_keys(loaded.articles)
    by_key: dict[str, dict[str, Article]] = defaultdict(dict)
    for article in sorted(articles, key=lambda a: a.path):
        first = by_key[article.key].get(article.lang)
        if first is None:
            by_key[article.key][article.lang] = article
        else:
            problems.append(_duplicate(article, first, articles, config))

    path_keys = {a.path_key: a.key for a in articles if not _declares_key(a)}
    path_keys.update({a.path_key: a.key for a in articles if _declares_key(a)})
    scripts: dict[str, dict[str, ScriptSource]] = defaultdict(dict)
    for script in sorted(loaded.scripts, key=lambda s: s.path):
        key = (
            script.key
            if "translationKey" in script.params
            else path_keys.get(script.key, script.key)
        )
        script = replace(script, key=key)
        if key not in by_key:
            problems.append(
                Diagnostic(
                    script.path,
                    0,
                    0,
                    "podcast script has no article in any language",
                    "put it beside its article with the same name (x.md -> x.podcast.md) "
                    "or give it the article's translationKey",
                    "error",
                    "script-orphan",
                )
            )
        elif script.lang in scripts[key]:
            other = scripts[key][script.lang]
            problems.append(
                Diagnostic(
                    script.path,
                    0,
                    0,
                    f"a second {config.language(script.lang).label} podcast script for '{key}' "
                    f"({other.path} is the first)",
                    "remove or rename one",
                    "error",
                    "duplicate",
                )
            )
        else:
            scripts[key][script.lang] = script

    pairs = []
    for key in sorted(by_key):
        versions = by_key[key]
        kinds = {a.kind for a in versions.values()}
        if len(kinds) > 1:
            page = next(a for a in versions.values() if a.kind == "page")
            problems.append(
                Diagnostic(
                    page.path,
                    0,
                    0,
                    f"'{key}' pairs a post with a standalone page",
                    f"move it under {config.sections[0]}/ or give it another translationKey",
                    "error",
                    "kind",
                )
            )
        ordered = {
            lang.code: versions[lang.code] for lang in config.languages if lang.code in versions
        }
        first = next(iter(ordered.values()))
        pairs.append(
            ArticlePair(
                key,
                first.kind,
                MappingProxyType(ordered),
                MappingProxyType(dict(scripts.get(key, {}))),
            )
        )
    problems.extend(_url_collisions(pairs, config))
    sections = tuple(sorted(loaded.sections, key=lambda s: (s.section, s.lang)))
    return Content(tuple(pairs), sections), problems


def _declares_key(item: Article | ScriptSource) -> bool:
    return "translationKey" in item.params


def _inherit_keys(articles: Iterable[Article]) -> list[Article]:
    """Give files without a translationKey the one key their path siblings declare."""
    by_path: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_path[article.path_key].append(article)
    result = []
    for members in by_path.values():
        declared = {a.key for a in members if _declares_key(a)}
        inherited = next(iter(declared)) if len(declared) == 1 else None
        for article in members:
            if inherited and not _declares_key(article):
                article = replace(article, key=inherited)
            result.append(article)
    return result


def _duplicate(
    article: Article, first: Article, everything: Sequence[Article], config: Config
) -> Diagnostic:
    label = config.language(article.lang).label
    if article.path_key == first.path_key:
        message = f"a second {label} version of '{article.path_key}' ({first.path} is the first)"
        hint = "remove one of them, or rename one to another language suffix"
    elif _declares_key(article) and _declares_key(first):
        message = f"translationKey '{article.key}' is also used by {first.path} ({label})"
        hint = "each language may use a translationKey once; give one of them another key"
    else:
        declared, inheriting = (article, first) if _declares_key(article) else (first, article)
        source = next(
            (a.path for a in everything if a.path_key == inheriting.path_key and _declares_key(a)),
            "",
        )
        message = (
            f"'{article.key}' is ambiguous in {label}: {declared.path} declares it as its "
            f"translationKey and {inheriting.path} takes it from {source}"
        )
        hint = "give one of them a different translationKey"
    return Diagnostic(article.path, 0, 0, message, hint, "error", "duplicate")


def _url_collisions(pairs: Iterable[ArticlePair], config: Config) -> list[Diagnostic]:
    seen: dict[str, Article] = {}
    problems = []
    for pair_ in pairs:
        for article in pair_.articles.values():
            url = urls.article(config, article)
            other = seen.setdefault(url, article)
            if other is not article:
                problems.append(
                    Diagnostic(
                        article.path,
                        0,
                        0,
                        f"would be published at {url}, like {other.path}",
                        "give one of them a different slug",
                        "error",
                        "url",
                    )
                )
    return problems
