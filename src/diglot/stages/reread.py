"""The load and pair stages kept between builds of one process (the dev server's): the
files as read and the last pairing, so that a rebuild reads again only the files that
changed (by size, mtime and inode, or as a watcher noted them) and pairs again only
when an edit changes what pairing reads.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from dataclasses import replace as dataclass_replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from diglot.config import Config
from diglot.errors import Diagnostic
from diglot.model import Article, Content, ScriptSource, SectionInfo
from diglot.stages import load, pair
from diglot.stages.scan import CONTENT_DIR, Scan, SourceFile, scan_content

CONTENT_PREFIX = CONTENT_DIR + "/"

Stamp = tuple[int, int, int]  # mtime_ns, size, inode


@dataclass(frozen=True)
class _Read:
    """One file as the load stage read it."""

    source: SourceFile
    stamp: Stamp
    loaded: load.Loaded


class Reader:
    """Reads a project's content again and again, each time only what changed."""

    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        self._config: Config | None = None
        self._scan: Scan | None = None
        self._root: Path | None = None
        self._files: dict[str, _Read] = {}
        self._hints: set[str] | None = None  # content files changed since the last read
        self._unsure = False  # a note said anything under content/ may have changed
        self._rescan = True
        self._paired: tuple[load.Loaded, Config, Content, tuple[Diagnostic, ...]] | None = None

    def note(self, changed: Iterable[str]) -> None:
        """Files that changed since the last build (project-relative, '/'-separated), as
        a watcher saw them. Only with notes does the next build trust that every other
        file under content/ is as it was, and skip looking at each one."""
        hints = self._hints if self._hints is not None else set()
        pages = {f.rel for f in self._scan.files} if self._scan else set()
        resources = (
            {f"{f.bundle}/{name}" for f in self._scan.files for name in f.resources}
            if self._scan
            else set()
        )
        for rel in changed:
            if rel == CONTENT_DIR:  # the folder itself: anything in it may have changed
                self._rescan = self._unsure = True
            if not rel.startswith(CONTENT_PREFIX):
                continue
            there = self._root is not None and (self._root / rel).is_file()
            if rel in pages and there:
                hints.add(rel)
            elif not (rel in resources and there):
                self._rescan = True  # a page or a bundle's file came or went: scan again
        self._hints = hints

    def scan(self, root: Path) -> Scan:
        """The files under content/: the last scan again unless files came or went."""
        if not self.keep:
            return scan_content(root)
        if self._scan is None or self._rescan or self._hints is None or root != self._root:
            self._scan = scan_content(root)
            self._root = root
            self._rescan = False
        return self._scan

    def read(
        self,
        found: Scan,
        config: Config,
        read: Callable[[tuple[SourceFile, ...]], load.Loaded],
    ) -> load.Loaded:
        """Every file of `found`, reading again only those that changed (with notes:
        those noted; without: those whose size, mtime or inode changed)."""
        if not self.keep:
            return read(found.files)
        if config != self._config:
            self._files.clear()
            self._config = config
        hints = None if self._unsure else self._hints
        self._hints, self._unsure = None, False
        todo = []
        for source in found.files:
            old = self._files.get(source.rel)
            if (
                old is None
                or (old.source is not source and old.source != source)
                or (hints is None and old.stamp != stamp(source.path))
                or (hints is not None and source.rel in hints)
            ):
                todo.append(source)
        stamps = {source.rel: stamp(source.path) for source in todo}
        fresh = _by_path(read(tuple(todo))) if todo else {}
        for source in todo:
            part = fresh.get(source.rel, _EMPTY)
            old = self._files.get(source.rel)
            if old is not None and old.loaded == part:
                part = old.loaded  # the same objects: later stages compare them by identity
            self._files[source.rel] = _Read(source, stamps[source.rel], part)
        wanted = {source.rel for source in found.files}
        for rel in [rel for rel in self._files if rel not in wanted]:
            del self._files[rel]
        return _joined(self._files[source.rel].loaded for source in found.files)

    def pair(self, loaded: load.Loaded, config: Config) -> tuple[Content, list[Diagnostic]]:
        """The pair stage's result: the last one with the edited articles put in, when
        no edit changed what pairing reads (names, keys, languages, URLs); else anew."""
        last = self._paired
        if (
            self.keep
            and last is not None
            and config == last[1]
            and loaded.scripts == last[0].scripts
            and loaded.sections == last[0].sections
            and len(loaded.articles) == len(last[0].articles)
        ):
            old_and_new = zip(last[0].articles, loaded.articles, strict=True)
            swaps = [(old, new) for old, new in old_and_new if old is not new]
            if all(_pairing(old) == _pairing(new) for old, new in swaps):
                content = _swapped(last[2], swaps)
                self._paired = (loaded, config, content, last[3])
                return content, list(last[3])
        content, problems = pair.pair(loaded, config)
        if self.keep:
            self._paired = (loaded, config, content, tuple(problems))
        return content, problems

    def last_pairing(self) -> tuple[Content, Config, tuple[Diagnostic, ...]] | None:
        """The content as last paired, with the problems of loading and pairing it."""
        if self._paired is None:
            return None
        loaded, config, content, problems = self._paired
        return content, config, (*loaded.diagnostics, *problems)


_EMPTY = load.Loaded((), (), (), ())


def stamp(path: Path) -> Stamp:
    try:
        info = os.stat(path)
    except OSError:
        return (0, -1, 0)
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _by_path(loaded: load.Loaded) -> dict[str, load.Loaded]:
    """Split what was read into one Loaded per source file."""
    parts: dict[str, tuple[list[Article], list[ScriptSource], list[SectionInfo], list[Diagnostic]]]
    parts = {}

    def part(path: str) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
        return parts.setdefault(path, ([], [], [], []))

    for article in loaded.articles:
        part(article.path)[0].append(article)
    for script in loaded.scripts:
        part(script.path)[1].append(script)
    for section in loaded.sections:
        part(section.path)[2].append(section)
    for diagnostic in loaded.diagnostics:
        part(diagnostic.path)[3].append(diagnostic)
    return {
        path: load.Loaded(tuple(a), tuple(s), tuple(i), tuple(d))
        for path, (a, s, i, d) in parts.items()
    }


def _joined(parts: Iterable[load.Loaded]) -> load.Loaded:
    articles: list[Article] = []
    scripts: list[ScriptSource] = []
    sections: list[SectionInfo] = []
    diagnostics: list[Diagnostic] = []
    for part in parts:
        if part is _EMPTY:
            continue
        articles.extend(part.articles)
        scripts.extend(part.scripts)
        sections.extend(part.sections)
        diagnostics.extend(part.diagnostics)
    return load.Loaded(tuple(articles), tuple(scripts), tuple(sections), tuple(diagnostics))


def _pairing(article: Article) -> tuple[object, ...]:
    """What the pair stage reads of an article (its URL included, for collisions)."""
    return (
        article.path,
        article.lang,
        article.key,
        article.path_key,
        "translationKey" in article.params,
        article.kind,
        article.slug,
        article.section,
        article.date,
    )


def _swapped(content: Content, swaps: Sequence[tuple[Article, Article]]) -> Content:
    """`content` with the old article of each swap replaced by the new one, under the
    key pairing gave the old one (which may be inherited from a sibling)."""
    where = {
        (lang, article.path): i
        for i, pair_ in enumerate(content.pairs)
        for lang, article in pair_.articles.items()
    }
    pairs = list(content.pairs)
    for old, new in swaps:
        i = where.get((old.lang, old.path))
        if i is None:  # a second version of one language, left out by pairing
            continue
        paired = pairs[i].articles[old.lang]
        versions = dict(pairs[i].articles)
        versions[old.lang] = (
            new if new.key == paired.key else dataclass_replace(new, key=paired.key)
        )
        pairs[i] = dataclass_replace(pairs[i], articles=MappingProxyType(versions))
    return Content(tuple(pairs), content.sections)
