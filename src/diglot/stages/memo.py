"""Memo stage: what the last build made, kept in memory for the next build in the same
process (the dev server), so that a rebuild reads, renders and writes only what an edit
changed: files as read (`reread.Reader`), articles as rendered (with the link targets
they looked up), and what every page was made from.

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
from pathlib import Path
from typing import Any

from diglot import templates, urls
from diglot.config import Config
from diglot.model import Article, EpisodeScript
from diglot.stages import render
from diglot.stages.render import LinkTargets, Rendered
from diglot.stages.reread import Reader, Stamp, stamp
from diglot.stages.site import Entry, Plan

_MISSING = object()


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
        self.reader = Reader(keep)  # the files as read, and their last pairing
        self._renderings: dict[tuple[str, str], Rendering] = {}
        self._entries: dict[tuple[str, str], Entry] = {}
        self._entries_config: Config | None = None
        self._scripts: dict[tuple[object, ...], EpisodeScript] = {}
        self._scripts_made_with: tuple[object, ...] = ()
        self._pages = _Pages()
        self.rendered: list[str] = []  # pages whose template ran in the last pass

    def note(self, changed: Iterable[str]) -> None:
        """Files changed since the last build, as a watcher saw them (see Reader.note)."""
        self.reader.note(changed)

    def entries(self, config: Config) -> dict[tuple[str, str], Entry]:
        """The site plan's entries by (edition, source path), made with `config`."""
        if config != self._entries_config:
            self._entries.clear()
            self._entries_config = config
        return self._entries

    def scripts(self, config: Config) -> dict[tuple[object, ...], EpisodeScript]:
        """Podcast scripts by what they are made from (`script.source_key`), made with
        `config` and the templates as they are (intros, outros, spoken phrases): a
        rebuild writes only the scripts of what changed."""
        made_with = (config, template_stamps(config.root))
        if made_with != self._scripts_made_with:
            self._scripts.clear()
            templates.environment.cache_clear()  # an intro or outro may have changed
            self._scripts_made_with = made_with
        return self._scripts

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
                found.append((path, stamp(Path(path))))
    return tuple(sorted(found))
