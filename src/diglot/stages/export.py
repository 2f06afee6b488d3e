"""Export stage: episode scripts become files, `<lang>/<key>.<ext>` in txt, md, json or
SSML, plus `episodes.json` listing them (schema: docs/episodes-json.md). Rendering is
pure and deterministic; `write` puts the files in place and removes only files that the
previous export listed and this one no longer makes.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from diglot import text
from diglot.config import Config
from diglot.errors import DiglotError
from diglot.model import EpisodeScript
from diglot.stages import episodes

FORMATS = ("txt", "md", "json", "ssml")
INDEX = "episodes.json"
SCHEMA_VERSION = 1
SECTION_BREAK = "1500ms"  # the pause between segments (intro, sections, outro) in SSML


def render(scripts: Iterable[EpisodeScript], fmt: str, config: Config) -> dict[str, bytes]:
    """Every file of an export, by path relative to the output folder."""
    scripts = tuple(scripts)
    stems = episodes.file_stems(s.key for s in scripts)
    files: dict[str, bytes] = {}
    records = []
    for script in scripts:
        name = f"{script.lang}/{stems[script.key]}.{fmt}"
        files[name] = FORMATTERS[fmt](script, config).encode("utf-8")
        records.append({**record(script), "file": name})
    index = {"version": SCHEMA_VERSION, "format": fmt, "episodes": records}
    files[INDEX] = _json(index).encode("utf-8")
    return files


def record(script: EpisodeScript) -> dict[str, Any]:
    """The facts about one episode, as listed in episodes.json."""
    return {
        "number": script.number,
        "guid": script.guid,
        "key": script.key,
        "language": script.lang,
        "title": script.title,
        "date": script.date.isoformat() if script.date else None,
        "summary": script.summary,
        "tags": list(script.tags),
        "sources": list(script.sources),
        "words": script.words,
        "cjk_chars": script.cjk_chars,
        "estimated_seconds": script.estimated_seconds,
        "hand_written": script.hand_written,
    }


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def as_txt(script: EpisodeScript, config: Config) -> str:
    return "\n\n".join(p for s in script.segments for p in s.paragraphs) + "\n"


_MD_ANYWHERE = re.compile(r"([\\`*_\[\]<>&~|])")
_MD_BLOCK_START = re.compile(r"^([#+=-])")
_MD_LIST_NUMBER = re.compile(r"^(\d+)([.)])")


def _md_escape(paragraph: str) -> str:
    """A paragraph that Markdown shows as written (no emphasis, list or heading)."""
    escaped = _MD_ANYWHERE.sub(r"\\\1", paragraph)
    escaped = _MD_BLOCK_START.sub(r"\\\1", escaped)
    return _MD_LIST_NUMBER.sub(r"\1\\\2", escaped)


def as_md(script: EpisodeScript, config: Config) -> str:
    paragraphs = [p for s in script.segments for p in s.paragraphs]
    return "\n\n".join([f"# {_md_escape(script.title)}", *map(_md_escape, paragraphs)]) + "\n"


def as_json(script: EpisodeScript, config: Config) -> str:
    segments = [
        {"kind": s.kind, "title": s.title, "paragraphs": list(s.paragraphs)}
        for s in script.segments
    ]
    return _json({**record(script), "segments": segments})


def as_ssml(script: EpisodeScript, config: Config) -> str:
    """SSML 1.1: a <p> per paragraph, an <s> per sentence, a <break> between segments;
    in a CJK-language script, Latin-script runs are marked <lang xml:lang="en">."""
    edition = config.language(script.lang)
    latin = next((lang.tag for lang in config.languages if not lang.cjk), "en")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<speak version="1.1" xmlns="http://www.w3.org/2001/10/synthesis"'
        f' xml:lang="{html.escape(edition.tag)}">',
    ]
    for index, segment in enumerate(script.segments):
        if index:
            lines.append(f'  <break time="{SECTION_BREAK}"/>')
        for paragraph in segment.paragraphs:
            sentences = "".join(
                f"<s>{_ssml_text(s, latin if edition.cjk else None)}</s>"
                for s in text.split_sentences(paragraph)
            )
            lines.append(f"  <p>{sentences}</p>")
    lines.append("</speak>")
    return "\n".join(lines) + "\n"


def _ssml_text(sentence: str, latin: str | None) -> str:
    if latin is None:
        return html.escape(sentence, quote=False)
    return "".join(
        f'<lang xml:lang="{html.escape(latin)}">{html.escape(run, quote=False)}</lang>'
        if is_latin
        else html.escape(run, quote=False)
        for is_latin, run in text.script_runs(sentence)
    )


FORMATTERS = {"txt": as_txt, "md": as_md, "json": as_json, "ssml": as_ssml}


@dataclass(frozen=True)
class Written:
    written: int  # files whose bytes changed (or are new)
    unchanged: int
    removed: int  # files of the previous export that this one no longer makes


def write(output: Path, files: Mapping[str, bytes]) -> Written:
    """Put `files` under `output`, leaving unchanged files untouched; each file is
    written to a temporary name and renamed, so none is ever half-written."""
    try:
        return _write(output, files)
    except OSError as exc:
        where = exc.filename or output
        raise DiglotError(f"cannot write {where}: {exc.strerror or exc}") from None


def _write(output: Path, files: Mapping[str, bytes]) -> Written:
    previous = _previous_files(output)
    written = unchanged = 0
    for name, data in sorted(files.items()):
        path = output / name
        if path.is_file() and path.read_bytes() == data:
            unchanged += 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial")
        partial.write_bytes(data)
        os.replace(partial, path)
        written += 1
    removed = 0
    for name in sorted(previous - set(files)):
        stale = output / name
        if stale.is_file():
            stale.unlink()
            removed += 1
            if stale.parent != output and not any(stale.parent.iterdir()):
                stale.parent.rmdir()
    return Written(written, unchanged, removed)


def _previous_files(output: Path) -> set[str]:
    """The files the previous export listed, if they are plainly inside `output`."""
    try:
        index = json.loads((output / INDEX).read_text(encoding="utf-8"))
        names = {str(e["file"]) for e in index["episodes"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    return {
        n
        for n in names
        if re.fullmatch(r"[\w.-]+/[\w.-]+", n)
        and not any(part.startswith(".") for part in n.split("/"))
    }
