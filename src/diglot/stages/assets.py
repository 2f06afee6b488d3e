"""Assets stage: the files a site publishes as they are: the theme's CSS (and its
highlighting rules from pygments), page bundle resources next to their pages, and the
project's `static/` folder at the site root.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path

from diglot import templates, urls
from diglot.stages.render import syntax_css
from diglot.stages.site import Plan

THEME_DIR = "assets"  # under templates/: copied to /assets/
STATIC_DIR = "static"
SYNTAX_STYLES = (("", "default"), ("(prefers-color-scheme: dark)", "github-dark"))


def files(plan: Plan) -> Iterator[tuple[str, Path]]:
    """(site path without a leading '/', source file) of every file to copy, sorted."""
    root = plan.config.root
    yield from _theme(root)
    for edition in plan.editions:
        for entry in edition.entries:
            article = entry.article
            folder = urls.file(entry.path).removesuffix("index.html")
            for name in article.resources:
                if not name.endswith((".md", ".markdown")):
                    yield folder + name, root / article.bundle / name
    yield from sorted(_tree(root / STATIC_DIR, ""))


@functools.cache
def theme_css() -> str:
    """Highlighting rules for code blocks, light and dark."""
    return syntax_css(SYNTAX_STYLES)


def _theme(root: Path) -> Iterator[tuple[str, Path]]:
    """The theme's files; a project's own templates/assets/x replaces diglot's."""
    found: dict[str, Path] = {}
    for folder in reversed(templates.search_path(root)):
        for path, source in _tree(folder / THEME_DIR, THEME_DIR + "/"):
            found[path] = source
    yield from sorted(found.items())


def _tree(folder: Path, prefix: str) -> Iterator[tuple[str, Path]]:
    if not folder.is_dir():
        return
    for dirpath, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                source = Path(dirpath) / name
                yield prefix + source.relative_to(folder).as_posix(), source
