"""Derive stage: the articles of a derived edition (zh-cn from zh-tw), converted with
OpenCC from their source language's versions, for the site plan.

Titles, summaries, tags and section titles are converted here, each distinct tag once;
a body is converted when it is rendered (`render.py`), its prose only, so code, URLs
and heading ids stay as written. A hand-written version (`x.zh-cn.md`) is not derived.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from diglot.config import LanguageConfig
from diglot.model import Article, SectionInfo
from diglot.text import convert


class Deriver:
    """Converts the texts of one derived edition and remembers each tag it converted."""

    def __init__(self, edition: LanguageConfig, tags: Mapping[str, Mapping[str, str]]) -> None:
        """`tags` is [tags] of site.toml: a name given there for this edition wins over
        the converted one ('指标' where OpenCC would make '指標' a pointer, '指针')."""
        if edition.derived_from is None or edition.conversion is None:
            raise ValueError(f"{edition.code} is not a derived language")
        self.edition = edition
        self.source = edition.derived_from
        self.conversion = edition.conversion
        self._tags = {  # source name -> name in this edition
            names[self.source]: names[edition.code]
            for names in tags.values()
            if self.source in names and edition.code in names
        }

    def text(self, value: str) -> str:
        return convert(value, self.conversion)

    def tag(self, name: str) -> str:
        converted = self._tags.get(name)
        if converted is None:
            converted = self._tags[name] = self.text(name)
        return converted

    def article(self, source: Article) -> Article:
        """`source` in the derived edition: its texts converted, its body marked to be."""
        return replace(
            source,
            lang=self.edition.code,
            title=self.text(source.title),
            summary=self.text(source.summary),
            tags=tuple(self.tag(t) for t in source.tags),
            categories=tuple(self.tag(c) for c in source.categories),
            aliases=(),  # an old path redirects to the source's version alone
            conversion=self.conversion,
        )

    def section(self, source: SectionInfo) -> SectionInfo:
        return replace(
            source,
            lang=self.edition.code,
            title=self.text(source.title),
            description=self.text(source.description),
        )

    def tag_keys(self, source_keys: Mapping[str, str]) -> dict[str, str]:
        """Tag name in this edition -> its key, from the source language's: a converted
        name ('团队合作') has its source name's key ('teamwork', or '團隊合作' itself when
        [tags] does not list it), so a tag page links to its source's."""
        for name in source_keys:
            self.tag(name)
        return {name: source_keys.get(source, source) for source, name in self._tags.items()}
