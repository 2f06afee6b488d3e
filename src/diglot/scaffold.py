"""`diglot new`: create the files of a new article in every authored language,
sharing one translationKey, as drafts dated today. Never overwrites a file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from diglot.config import Config
from diglot.errors import DiglotError
from diglot.stages.scan import CONTENT_DIR
from diglot.text import slugify


@dataclass(frozen=True)
class NewArticle:
    title: str
    slug: str
    section: str
    bundle: bool
    day: date


def file_paths(config: Config, new: NewArticle) -> list[tuple[str, Path]]:
    """(language code, path) of each file to create; the default language has no suffix."""
    folder = config.root / CONTENT_DIR / new.section
    paths = []
    for lang in config.authored:
        suffix = "" if lang is config.default_language else f".{lang.code}"
        if new.bundle:
            paths.append((lang.code, folder / new.slug / f"index{suffix}.md"))
        else:
            paths.append((lang.code, folder / f"{new.slug}{suffix}.md"))
    return paths


def render(new: NewArticle, key: str) -> str:
    quoted = json.dumps(new.title, ensure_ascii=False)  # a JSON string is a valid YAML scalar
    return (
        "---\n"
        f"title: {quoted}\n"
        f"date: {new.day.isoformat()}\n"
        "draft: true\n"
        f"translationKey: {json.dumps(key, ensure_ascii=False)}\n"
        "tags: []\n"
        'summary: ""\n'
        "---\n\n"
    )


def create(
    config: Config, title: str, slug: str | None, section: str | None, bundle: bool, today: date
) -> list[Path]:
    """Write the new article's files; refuse if any of them exists already."""
    if not title.strip():
        raise DiglotError("the title is empty; give the article a title")
    slug = slug if slug is not None else slugify(title)
    if not slug or slug != slugify(slug):
        raise DiglotError(
            f"cannot make a slug from {slug or title!r}; pass --slug with letters, digits and '-'"
        )
    section = section or config.sections[0]
    new = NewArticle(title.strip(), slug, section, bundle, today)
    targets = file_paths(config, new)
    existing = [p for _, p in targets if p.exists()]
    if existing:
        shown = ", ".join(p.relative_to(config.root).as_posix() for p in existing)
        raise DiglotError(f"{shown} already exists; choose another --slug (nothing was written)")
    for _, path in targets:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(render(new, slug))
    return [p for _, p in targets]
