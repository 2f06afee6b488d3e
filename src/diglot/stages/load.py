"""Load stage: read each scanned file into an Article, ScriptSource or SectionInfo,
collecting every problem instead of stopping at the first."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from types import MappingProxyType
from typing import Any, Literal
from zoneinfo import ZoneInfo

from diglot import languages
from diglot.config import Config
from diglot.errors import Diagnostic
from diglot.frontmatter import FrontMatterError, Split, key_line, parse, split
from diglot.model import Article, ScriptSource, SectionInfo
from diglot.stages.scan import Scan, SourceFile

_SHORTCODE = re.compile(r"\{\{[<%]\s*/?\s*([\w./-]+)")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


@dataclass(frozen=True)
class Loaded:
    articles: tuple[Article, ...]
    scripts: tuple[ScriptSource, ...]
    sections: tuple[SectionInfo, ...]
    diagnostics: tuple[Diagnostic, ...]


def read(scan_result: Scan, config: Config) -> Loaded:
    """Read every scanned file; a file with an error is skipped and its error kept."""
    articles: list[Article] = []
    scripts: list[ScriptSource] = []
    sections: list[SectionInfo] = []
    problems: list[Diagnostic] = []
    for source in scan_result.files:
        reader = _FileReader(source, config)
        item = reader.read()
        problems.extend(reader.problems)
        if isinstance(item, Article):
            articles.append(item)
        elif isinstance(item, ScriptSource):
            scripts.append(item)
        elif isinstance(item, SectionInfo):
            sections.append(item)
    return Loaded(tuple(articles), tuple(scripts), tuple(sections), tuple(problems))


class _FileReader:
    """Reads one file; every problem found goes to `problems` with its line."""

    def __init__(self, source: SourceFile, config: Config) -> None:
        self.source = source
        self.config = config
        self.problems: list[Diagnostic] = []
        self.parts: Split | None = None

    def problem(
        self,
        line: int,
        message: str,
        hint: str = "",
        code: str = "",
        severity: Literal["error", "warning"] = "error",
    ) -> None:
        self.problems.append(Diagnostic(self.source.rel, line, 0, message, hint, severity, code))

    def read(self) -> Article | ScriptSource | SectionInfo | None:
        lang = self._language()
        text = self._text()
        if lang is None or text is None:
            return None
        try:
            self.parts = split(text)
            meta = parse(self.parts)
        except FrontMatterError as exc:
            self.problem(exc.line, exc.message, exc.hint, "front-matter")
            return None
        body, body_line = self.parts.body, self.parts.body_line
        if self.source.role == "section":
            return SectionInfo(
                self.source.rel,
                lang,
                self.source.path_key,
                self._string(meta, "title") or "",
                self._string(meta, "description") or "",
                body,
                MappingProxyType(meta),
            )
        self._shortcodes(body, body_line)
        if self.source.role == "script":
            return ScriptSource(
                self.source.rel,
                lang,
                self._string(meta, "translationKey") or self.source.path_key,
                self._string(meta, "title") or "",
                body,
                body_line,
                MappingProxyType(meta),
            )
        return self._article(meta, lang, body, body_line)

    def _language(self) -> str | None:
        suffix = self.source.lang_suffix
        if not suffix:
            return self.config.default_language.code
        code = languages.normalize(suffix)
        known = [lang.code for lang in self.config.authored]
        if code in known:
            return code
        derived = [lang.code for lang in self.config.derived]
        if code in derived:  # a hand-written version of a derived language takes precedence
            return code
        close = difflib.get_close_matches(code, known + derived, n=1)
        hint = f"did you mean '.{close[0]}'?" if close else ""
        allowed = ", ".join(known)
        self.problem(
            0,
            f"unknown language suffix '.{suffix}' (configured languages: {allowed})",
            hint or f"add '{code}' to 'languages' in site.toml, or rename the file",
            "language",
        )
        return None

    def _text(self) -> str | None:
        try:
            data = self.source.path.read_bytes()
        except OSError as exc:
            self.problem(
                0, f"cannot read the file: {exc.strerror}", "check its permissions", "read"
            )
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.problem(
                line,
                f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                "save the file as UTF-8",
                "encoding",
            )
            return None

    def _line(self, key: str) -> int:
        return key_line(self.parts, key) if self.parts else 1

    def _string(self, meta: dict[str, Any], key: str) -> str | None:
        value = meta.get(key)
        if value is None:
            return None
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value).strip()
        self.problem(
            self._line(key),
            f"front matter: '{key}' must be text, not {_kind(value)}",
            f"write e.g. '{key}: some text'",
            "field",
        )
        return None

    def _bool(self, meta: dict[str, Any], key: str, default: bool) -> bool:
        value = meta.get(key, default)
        if isinstance(value, bool):
            return value
        self.problem(
            self._line(key),
            f"front matter: '{key}' must be true or false, not {value!r}",
            "",
            "field",
        )
        return default

    def _strings(self, meta: dict[str, Any], key: str) -> tuple[str, ...]:
        value = meta.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value.strip(),) if value.strip() else ()
        if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
            return tuple(dict.fromkeys(str(v).strip() for v in value if str(v).strip()))
        self.problem(
            self._line(key),
            f"front matter: '{key}' must be a list of text",
            f"write e.g. '{key}: [one, two]'",
            "field",
        )
        return ()

    def _date(self, meta: dict[str, Any], key: str) -> datetime | None:
        value = meta.get(key)
        if value is None or value == "":
            return None
        parsed = _as_datetime(value, ZoneInfo(self.config.timezone))
        if parsed is None:
            self.problem(
                self._line(key),
                f"front matter: '{key}' is not a date ({value!r})",
                "use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+08:00",
                "date",
            )
        return parsed

    def _shortcodes(self, body: str, body_line: int) -> None:
        if "{{" not in body:  # most files: no need to look line by line
            return
        in_fence = False
        for offset, line in enumerate(body.splitlines()):
            if _FENCE.match(line):
                in_fence = not in_fence
            if in_fence:
                continue
            for match in _SHORTCODE.finditer(line):
                self.problems.append(
                    Diagnostic(
                        self.source.rel,
                        body_line + offset,
                        match.start() + 1,
                        f"Hugo shortcode '{match.group(1)}' is not supported and is shown as text",
                        "replace it with Markdown",
                        "warning",
                        "shortcode",
                    )
                )

    def _article(
        self, meta: dict[str, Any], lang: str, body: str, body_line: int
    ) -> Article | None:
        source = self.source
        before = len(self.problems)
        section = source.path_key.split("/", 1)[0] if "/" in source.path_key else ""
        kind = "post" if section in self.config.sections else "page"
        title = self._string(meta, "title")
        if not title and "title" not in meta:
            self.problem(
                1 if self.parts and self.parts.format else 0,
                "front matter: 'title' is missing",
                "add a line 'title: ...' to the front matter",
                "title",
            )
        elif not title and len(self.problems) == before:
            self.problem(self._line("title"), "front matter: 'title' is empty", "", "title")
        date = self._date(meta, "date")
        if kind == "post" and "date" not in meta:
            self.problem(
                1 if self.parts and self.parts.format else 0,
                "front matter: 'date' is missing (posts need one)",
                "add a line 'date: YYYY-MM-DD'",
                "date",
            )
        slug = self._string(meta, "slug")
        if slug is not None and (not slug or "/" in slug):
            self.problem(
                self._line("slug"),
                f"front matter: slug {slug!r} must be one non-empty path segment",
                "remove the '/' or the slug line",
                "slug",
            )
        key = self._string(meta, "translationKey")
        article = Article(
            path=source.rel,
            lang=lang,
            key=key or source.path_key,
            kind=kind,  # type: ignore[arg-type]
            section=section if kind == "post" else source.path_key.split("/", 1)[0],
            slug=slug or source.path_key.rsplit("/", 1)[-1],
            title=title or "",
            date=date,
            lastmod=self._date(meta, "lastmod"),
            draft=self._bool(meta, "draft", False),
            tags=self._strings(meta, "tags"),
            categories=self._strings(meta, "categories"),
            summary=self._string(meta, "summary") or "",
            aliases=self._strings(meta, "aliases"),
            podcast=self._bool(meta, "podcast", True),
            body=body,
            body_line=body_line,
            params=MappingProxyType(meta),
            bundle=source.bundle,
            resources=source.resources,
            path_key=source.path_key,
        )
        has_errors = any(p.severity == "error" for p in self.problems[before:])
        return None if has_errors else article


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _as_datetime(value: Any, zone: ZoneInfo) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return datetime.combine(value, time(), zone)
    if not isinstance(value, str):
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)
