"""Interface strings per language ("Tags", "min read", "First,", "首先，"): TOML files in
`templates/i18n/<domain>.<lang>.toml`, a project's own over diglot's.

A derived language (zh-cn from zh-tw) gets its source language's strings converted
with OpenCC unless it has a file of its own; a missing key falls back to the default
language, so a new language works before it is fully translated.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from diglot import templates, text
from diglot.config import Config
from diglot.errors import Diagnostic, SourceError
from diglot.frontmatter import describe_toml_error


def _read(project_root: Path, domain: str, lang: str) -> dict[str, str] | None:
    """The strings of the first file found on the template path, or None."""
    for folder in templates.search_path(project_root):
        path = folder / "i18n" / f"{domain}.{lang}.toml"
        if path.is_file():
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                message, line, col = describe_toml_error(exc)
                shown = path.relative_to(folder.parent).as_posix()
                raise SourceError(
                    Diagnostic(shown, line, col, f"not valid TOML: {message}", "fix the file")
                ) from None
            return {str(k): str(v) for k, v in data.items()}
    return None


def strings(config: Config, domain: str) -> Mapping[str, Mapping[str, str]]:
    """language code -> key -> string, for every language of the site."""
    default = _read(config.root, domain, config.default_language.code) or {}
    result: dict[str, Mapping[str, str]] = {}
    for lang in config.languages:
        own = _read(config.root, domain, lang.code)
        if own is None and lang.derived_from and lang.conversion:
            source = _read(config.root, domain, lang.derived_from) or {}
            own = {k: text.convert(v, lang.conversion) for k, v in source.items()}
        result[lang.code] = MappingProxyType({**default, **(own or {})})
    return MappingProxyType(result)
