"""Lint stage: the Chinese checks of `diglot check` over the prose of every article and
hand-written script in a Chinese language, and `--fix`, which applies them to the files.

The rules are in `text/chinese.py`, the prose is found by `prose.py`; this stage runs them
per file. Fixing changes prose only: front matter, code, URLs and markup stay byte
for byte, and a file that does not parse is left alone.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from diglot import prose
from diglot.config import Config
from diglot.errors import Diagnostic
from diglot.frontmatter import FrontMatterError, parse, split
from diglot.model import Article, Content, ScriptSource
from diglot.text import chinese

CODES = frozenset({"opencc", "punctuation", "spacing"})


@dataclass(frozen=True)
class Source:
    """A Markdown file the lint reads: its body and the rules for its language."""

    path: str  # relative to the project root
    body: str
    body_line: int
    rules: chinese.Rules


def sources(content: Content, config: Config) -> Iterator[Source]:
    for pair in content.pairs:
        items: list[Article | ScriptSource] = [*pair.articles.values(), *pair.scripts.values()]
        for item in items:
            rules = chinese.rules_for(config.language(item.lang), config.lint)
            if rules is not None:
                yield Source(item.path, item.body, item.body_line, rules)


def check(content: Content, config: Config) -> Iterator[Diagnostic]:
    """A warning per finding, at its line and column (in characters)."""
    for source in sources(content, config):
        for line in prose.lines(source.body):
            for finding in chinese.findings(line.text, source.rules):
                yield Diagnostic(
                    source.path,
                    source.body_line + line.index,
                    finding.start + 1,
                    finding.message,
                    _hint(finding, source.rules),
                    "warning",
                    finding.code,
                )


def tally(diagnostics: Iterable[Diagnostic]) -> str:
    """' (5 Chinese lint in 2 files, fixable with --fix)' for the summary, or ''."""
    found = [d for d in diagnostics if d.code in CODES]
    if not found:
        return ""
    files = len({d.path for d in found})
    in_files = f"{files} file{'s' if files != 1 else ''}"
    return f" ({len(found)} Chinese lint in {in_files}, fixable with --fix)"


def _hint(finding: chinese.Finding, rules: chinese.Rules) -> str:
    if finding.note == chinese.MAINLAND_WORDING:
        return "or keep it with 'allow' under [lint] in site.toml"
    if finding.code == "spacing":
        return f"[lint] cjk_latin_spacing is '{rules.spacing}'"
    return ""


def fix_body(body: str, rules: chinese.Rules) -> str:
    """`body` with every finding in its prose fixed; everything else as it was."""
    out, last = [], 0
    for line in prose.lines(body):
        fixed = chinese.fix(line.text, rules)
        if fixed != line.text:
            out += [body[last : line.start], line.unmask(fixed)]
            last = line.start + len(line.source)
    return "".join(out) + body[last:]


@dataclass(frozen=True)
class Fix:
    """A file's text before and after `--fix`."""

    path: str  # relative to the project root
    before: str
    after: str

    def diff(self) -> str:
        """A unified diff, as `git diff` prints it."""
        lines = difflib.unified_diff(
            _lines(self.before), _lines(self.after), f"a/{self.path}", f"b/{self.path}"
        )
        return "".join(
            line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
            for line in lines
        )


def _lines(text: str) -> list[str]:
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def fixes(root: Path, content: Content, config: Config) -> list[Fix]:
    """What `--fix` changes, file by file, read afresh from disk."""
    found = []
    for source in sources(content, config):
        try:
            text = (root / source.path).read_bytes().decode("utf-8")
            parts = split(text)
            parse(parts)
        except (OSError, UnicodeDecodeError, FrontMatterError):
            continue  # the check reports it; a file that does not parse is not touched
        fixed = replace(parts, body=fix_body(parts.body, source.rules)).join()
        if fixed != text:
            found.append(Fix(source.path, text, fixed))
    return found


def write(root: Path, fix: Fix) -> None:
    """Replace the file in one step: a reader sees the old text or the new, never half.
    A symbolic link stays one: the file it points to is replaced."""
    path = (root / fix.path).resolve()
    mode = stat.S_IMODE(path.stat().st_mode)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(fix.after.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
