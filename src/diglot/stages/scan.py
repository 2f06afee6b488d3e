"""Scan stage: find the Markdown files under `content/` and classify each by its name
alone (article, podcast script or section; language suffix; pair key; bundle).

Hugo's multilingual layout in both forms: by file name (`x.md`, `x.en.md`,
`x.zh-tw.md`) and page bundles (`x/index.md`, `x/index.zh-tw.md` plus resources).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from diglot import languages

CONTENT_DIR = "content"
MARKDOWN_SUFFIXES = (".md", ".markdown")
Role = Literal["article", "script", "section"]
DEFAULT_LANGUAGE = "en"  # the language of files without a suffix when site.toml names none


@dataclass(frozen=True)
class SourceFile:
    """A Markdown file under content/, classified by its name before it is read."""

    path: Path
    rel: str  # relative to the project root: 'content/posts/x.zh-tw.md'
    role: Role
    lang_suffix: str  # raw suffix as written ('zh_TW'), '' for the default language
    path_key: str  # content-relative path without language or extension: 'posts/x'
    bundle: str  # bundle folder relative to the project root, '' when not a bundle
    resources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scan:
    files: tuple[SourceFile, ...]
    languages: frozenset[str]  # valid language codes seen in file names


def scan_content(root: Path) -> Scan:
    """List content files in a stable order and classify them by name alone."""
    content = root / CONTENT_DIR
    files: list[SourceFile] = []
    suffixes: set[str] = set()
    for folder, names in _walk(content):
        bundle_index = any(_is_index(n) for n in names)
        place = _Folder.of(root, folder, bundle_index)
        for name in names:
            if not name.endswith(MARKDOWN_SUFFIXES):
                continue
            if bundle_index and not _is_index(name):
                continue  # a Markdown resource of a bundle, not a page
            source = _classify(place, name)
            suffixes.add(source.lang_suffix)
            files.append(source)
    found = {DEFAULT_LANGUAGE} if "" in suffixes else set()
    found |= {languages.normalize(s) for s in suffixes if s and languages.is_valid(s)}
    return Scan(tuple(files), frozenset(found))


def _walk(content: Path) -> Iterator[tuple[Path, list[str]]]:
    """Folders under content/ with their visible files, sorted; a bundle's subfolders
    are resources, so the walk does not descend into them."""
    if not content.is_dir():
        return
    for folder, dirs, names in os.walk(content):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        visible = sorted(n for n in names if not n.startswith(".") and not n.endswith("~"))
        if any(_is_index(n) for n in visible):
            dirs[:] = []
        yield Path(folder), visible


def _is_index(name: str) -> bool:
    stem = _strip_suffix(name)
    return stem == "index" or stem.startswith("index.")


def _strip_suffix(name: str) -> str:
    for suffix in MARKDOWN_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True)
class _Folder:
    """What the files of one folder share, worked out once (a folder of posts may hold
    thousands, and pathlib's arithmetic costs ~20 us a file)."""

    path: Path
    rel: str  # relative to the project root: 'content/posts'
    content_rel: str  # relative to content/: 'posts', '' for content/ itself
    bundle: bool  # holds an index file: a page bundle

    @classmethod
    def of(cls, root: Path, folder: Path, bundle: bool) -> _Folder:
        rel = folder.relative_to(root).as_posix()
        return cls(folder, rel, rel.removeprefix(CONTENT_DIR).lstrip("/"), bundle)


def _classify(folder: _Folder, name: str) -> SourceFile:
    path = folder.path / name
    rel = f"{folder.rel}/{name}"
    parts = _strip_suffix(name).split(".")
    lang = parts.pop() if len(parts) > 1 and languages.looks_like_code(parts[-1]) else ""
    role: Role = "article"
    if len(parts) > 1 and parts[-1] == "podcast":
        parts.pop()
        role = "script"
    stem = ".".join(parts)
    folder_rel = folder.content_rel
    if stem == "_index":
        return SourceFile(path, rel, "section", lang, folder_rel, "")
    if folder.bundle:
        return SourceFile(path, rel, role, lang, folder_rel, folder.rel, _resources(folder.path))
    key = f"{folder_rel}/{stem}" if folder_rel else stem
    return SourceFile(path, rel, role, lang, key, "")


def _resources(folder: Path) -> tuple[str, ...]:
    found = []
    for dirpath, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or (Path(dirpath) == folder and _is_index(name)):
                continue
            found.append((Path(dirpath) / name).relative_to(folder).as_posix())
    return tuple(sorted(found))
