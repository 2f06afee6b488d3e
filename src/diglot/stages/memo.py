"""Memo stage: what the last build made, kept in memory for the next build in the same
process (the dev server), so that a rebuild reads, renders and writes only what an edit
changed: files as read, articles as rendered (with the link targets they looked up),
and what every page was made from.

Every reuse is checked against the new inputs (an equal article, the same answers from
the link targets, equal page inputs), so a build with a memo makes the same files as a
build without one. What pages were made from is kept per build (`Pass`) and replaces
the memo's only when the build succeeded: a failed build leaves the memo as it was,
like the site it describes. Without a memo (`Memo(keep=False)`) nothing is kept.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from dataclasses import replace as dataclass_replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from diglot import templates, urls
from diglot.config import Config
from diglot.errors import Diagnostic
from diglot.model import Article, Content, ScriptSource, SectionInfo
from diglot.stages import load, pair, render
from diglot.stages.render import LinkTargets, Rendered
from diglot.stages.site import Entry, Plan

CONTENT_PREFIX = load.CONTENT_DIR + "/"
_MISSING = object()

Stamp = tuple[int, int, int]  # mtime_ns, size, inode


@dataclass(frozen=True)
class _Read:
    """One file as the load stage read it."""

    source: load.SourceFile
    stamp: Stamp
    loaded: load.Loaded


@dataclass(frozen=True)
class Rendering:
    """An article rendered for one edition, with what it was made from."""

    article: Article
    page_href: str
    unsafe_html: bool
    lookups: tuple[tuple[str, Any, Any], ...]  # (mapping, key, answer) asked of the targets
    rendered: Rendered

    def fits(self, article: Article, page_href: str, unsafe: bool, targets: LinkTargets) -> bool:
        if page_href != self.page_href or unsafe != self.unsafe_html:
            return False
        if article is not self.article and article != self.article:
            return False
        return all(
            getattr(targets, mapping).get(key, _MISSING) == answer
            for mapping, key, answer in self.lookups
        )


@dataclass(frozen=True)
class PageMade:
    """An article page as written: its inputs, its body, and what lists and feeds
    took from it (an `articles.Result`)."""

    inputs: tuple[object, ...]
    rendered: Rendered
    result: Any


@dataclass
class _Pages:
    """What the pages of one successful build were made from."""

    frame: tuple[object, ...] = ()
    plan: Plan | None = None
    articles: dict[str, PageMade] = field(default_factory=dict)  # page path ->
    listings: dict[str, tuple[object, tuple[Any, ...]]] = field(default_factory=dict)
    contexts: dict[str, object] = field(default_factory=dict)  # site path -> template input


class Memo:
    """What a build keeps for the next one; see the module's docstring."""

    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        self._config: Config | None = None
        self._scan: load.Scan | None = None
        self._root: Path | None = None
        self._files: dict[str, _Read] = {}
        self._hints: set[str] | None = None  # content files changed since the last read
        self._unsure = False  # a note said anything under content/ may have changed
        self._rescan = True
        self._renderings: dict[tuple[str, str], Rendering] = {}
        self._paired: tuple[load.Loaded, Config, Content, tuple[Diagnostic, ...]] | None = None
        self._entries: dict[tuple[str, str], Entry] = {}
        self._entries_config: Config | None = None
        self._pages = _Pages()
        self.rendered: list[str] = []  # pages whose template ran in the last pass

    # -- what changed ---------------------------------------------------------------

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
            if rel == load.CONTENT_DIR:  # the folder itself: anything in it may have changed
                self._rescan = self._unsure = True
            if not rel.startswith(CONTENT_PREFIX):
                continue
            there = self._root is not None and (self._root / rel).is_file()
            if rel in pages and there:
                hints.add(rel)
            elif not (rel in resources and there):
                self._rescan = True  # a page or a bundle's file came or went: scan again
        self._hints = hints

    # -- load -----------------------------------------------------------------------

    def scan(self, root: Path) -> load.Scan:
        """The files under content/: the last scan again unless files came or went."""
        if not self.keep:
            return load.scan(root)
        if self._scan is None or self._rescan or self._hints is None or root != self._root:
            self._scan = load.scan(root)
            self._root = root
            self._rescan = False
        return self._scan

    def read(
        self,
        found: load.Scan,
        config: Config,
        read: Callable[[tuple[load.SourceFile, ...]], load.Loaded],
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
                or (hints is None and old.stamp != _stamp(source.path))
                or (hints is not None and source.rel in hints)
            ):
                todo.append(source)
        stamps = {source.rel: _stamp(source.path) for source in todo}
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

    def entries(self, config: Config) -> dict[tuple[str, str], Entry]:
        """The site plan's entries by (edition, source path), made with `config`."""
        if config != self._entries_config:
            self._entries.clear()
            self._entries_config = config
        return self._entries

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

    def last_plan(self) -> Plan | None:
        """The plan of the last good build."""
        return self._pages.plan

    # -- a build ----------------------------------------------------------------------

    def start(self, frame: tuple[object, ...], plan: Plan | None = None) -> Pass:
        """Begin a build whose pages all share `frame` (config, interface strings,
        templates, episodes): when it differs from the last build's, every page is made
        again (articles need not be rendered again: that depends on none of it)."""
        self.rendered = []
        same = self.keep and frame == self._pages.frame
        if self.keep and not same:
            templates.environment.cache_clear()  # templates may have come or gone
        return Pass(self, self._pages if same else _Pages(), _Pages(frame, plan))

    def finish(self, done: Pass) -> None:
        """The build of `done` succeeded: keep what its pages were made from, and forget
        the articles it no longer has."""
        if not self.keep:
            return
        self._pages = done.made
        self.rendered = done.rendered
        plan = done.made.plan
        if plan is not None:
            live = {(e.code, entry.article.path) for e in plan.editions for entry in e.entries}
            for table in (self._renderings, self._entries):
                for key in [key for key in table if key not in live]:
                    del table[key]

    def render(
        self, entry: Entry, targets: LinkTargets, edition: str, unsafe_html: bool
    ) -> tuple[Rendered, Rendering | None]:
        """The body of `entry`'s page: the remembered one if it still fits, else
        rendered now (with its Rendering, for `remember`)."""
        article = entry.article
        if not self.keep:
            return render.render(article, targets, edition, entry.href, unsafe_html), None
        old = self.remembered(entry, targets, edition, unsafe_html)
        if old is not None:
            return old, None
        lookups: list[tuple[str, Any, Any]] = []
        watched = LinkTargets(
            _Recorded(targets.keys, "keys", lookups), _Recorded(targets.urls, "urls", lookups)
        )
        made = render.render(article, watched, edition, entry.href, unsafe_html)
        return made, Rendering(article, entry.href, unsafe_html, tuple(lookups), made)

    def remembered(
        self, entry: Entry, targets: LinkTargets, edition: str, unsafe_html: bool
    ) -> Rendered | None:
        old = self._renderings.get((edition, entry.article.path))
        if old is not None and old.fits(entry.article, entry.href, unsafe_html, targets):
            return old.rendered
        return None

    def remember(self, edition: str, rendering: Rendering) -> None:
        if self.keep:
            self._renderings[(edition, rendering.article.path)] = rendering


class Pass:
    """One build's use of the memo: what the last good build's pages were made from
    (`before`), and what this build's are (`made`)."""

    def __init__(self, memo: Memo, before: _Pages, made: _Pages) -> None:
        self.memo = memo
        self.before = before
        self.made = made
        self.rendered: list[str] = []

    @property
    def keep(self) -> bool:
        return self.memo.keep

    def article(
        self, path: str, rendered: Rendered, inputs: Callable[[], tuple[object, ...]]
    ) -> PageMade | None:
        """The article page at `path` as the last build made it, if it was made from the
        same body and inputs (None: make it)."""
        old = self.before.articles.get(path)
        if old is None or old.rendered is not rendered or old.inputs != inputs():
            return None
        self.made.articles[path] = old
        return old

    def article_kept(self, path: str) -> PageMade | None:
        """The article page at `path` as the last build made it, known to be unchanged."""
        old = self.before.articles.get(path)
        if old is not None:
            self.made.articles[path] = old
        return old

    def article_made(
        self, path: str, inputs: tuple[object, ...], rendered: Rendered, result: Any
    ) -> None:
        self.rendered.append(urls.file(path))
        self.made.articles[path] = PageMade(inputs, rendered, result)

    def listing(self, edition: str, inputs: object) -> tuple[Any, ...] | None:
        """What the listing pages of `edition` wrote in the last build, if they were
        made from the same inputs (None: make them)."""
        old = self.before.listings.get(edition)
        if old is None or old[0] != inputs:
            return None
        self.made.listings[edition] = old
        for written in old[1]:
            for path, _context, _rendered in written.made:
                self.made.contexts[path] = self.before.contexts[path]
        return old[1]

    def listing_made(self, edition: str, inputs: object, written: Sequence[Any]) -> None:
        if self.keep:
            self.made.listings[edition] = (inputs, tuple(written))

    def same(self, path: str, context: object) -> bool:
        """Whether the page or file at `path` was made from an equal `context` by the
        last build (then it need not be made again)."""
        return self.keep and self.before.contexts.get(path, _MISSING) == context

    def made_from(self, path: str, context: object, rendered: bool) -> None:
        if rendered:
            self.rendered.append(path)
        if self.keep:
            self.made.contexts[path] = context


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


class _Recorded(Mapping[Any, Any]):
    """A mapping that writes down every key asked of it and the answer."""

    def __init__(self, inner: Mapping[Any, Any], name: str, log: list[tuple[str, Any, Any]]):
        self._inner, self._name, self._log = inner, name, log

    def __getitem__(self, key: Any) -> Any:
        answer = self._inner.get(key, _MISSING)
        self._log.append((self._name, key, answer))
        if answer is _MISSING:
            raise KeyError(key)
        return answer

    def __iter__(self) -> Iterator[Any]:
        raise TypeError("a rendering must not depend on every link target")

    def __len__(self) -> int:
        return len(self._inner)


_EMPTY = load.Loaded((), (), (), ())


def _stamp(path: Path) -> Stamp:
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


def template_stamps(root: Path) -> tuple[tuple[str, Stamp], ...]:
    """Every template file (not the theme's assets, which are copied as files) with its
    size and mtime: a build whose templates changed makes every page again."""
    found = []
    for folder in templates.search_path(root):
        for dirpath, dirs, names in os.walk(folder):
            if Path(dirpath) == folder:
                dirs[:] = [d for d in dirs if d != "assets"]
            for name in names:
                path = os.path.join(dirpath, name)
                found.append((path, _stamp(Path(path))))
    return tuple(sorted(found))
