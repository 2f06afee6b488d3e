"""Chinese rules of the lint: what OpenCC would change in Taiwan Traditional text
(`wording`), half-width punctuation between Chinese characters and Chinese-Latin
spacing (`punctuation`), and which of them apply to a language.

Each rule reads one line of prose and returns `Finding`s: a replacement for a range
of the line and the message to show. Characters that are not prose (code, URLs,
markup) arrive masked (`prose.HIDDEN`), so columns stay those of the source line and
no finding covers them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from diglot.text.finding import Finding, add, apply
from diglot.text.punctuation import punctuation_findings, spacing_findings
from diglot.text.wording import MAINLAND_WORDING, SIMPLIFIED_CHARACTER, opencc_findings

if TYPE_CHECKING:  # config reads text's conversions: no import cycle at run time
    from diglot.config import LanguageConfig, LintConfig

__all__ = [
    "MAINLAND_WORDING",
    "SIMPLIFIED_CHARACTER",
    "Finding",
    "Rules",
    "apply",
    "findings",
    "fix",
    "opencc_findings",
    "punctuation_findings",
    "rules_for",
    "spacing_findings",
]


@dataclass(frozen=True)
class Rules:
    """The lint rules that apply to one language."""

    opencc: bool
    punctuation: bool
    spacing: str  # 'off', 'require' or 'forbid'
    allow: tuple[str, ...] = ()


def rules_for(lang: LanguageConfig, lint: LintConfig) -> Rules | None:
    """The rules for prose written in `lang`, None when none apply. OpenCC checks
    Traditional Chinese; the punctuation and spacing rules apply to Chinese in either
    script (Japanese, say, writes '、' where Chinese writes '，'). Derived editions are
    generated, not written, so they are never linted."""
    if lang.derived_from is not None or lang.script not in ("Hant", "Hans"):
        return None
    return Rules(lang.script == "Hant", True, lint.cjk_latin_spacing, lint.allow)


def findings(line: str, rules: Rules) -> list[Finding]:
    """Every finding of `rules` in one line of prose, in order. Where two clash, OpenCC's
    comes first, then punctuation, then spacing; `fix` gets to the rest in a next pass."""
    found: list[Finding] = []
    if rules.opencc:
        found = add(found, opencc_findings(line, rules.allow))
    if rules.punctuation:
        found = add(found, punctuation_findings(line))
    if rules.spacing != "off":
        found = add(found, spacing_findings(line, rules.spacing))
    return sorted(found, key=lambda f: (f.start, f.end))


def fix(line: str, rules: Rules) -> str:
    """`line` with every finding applied, again until none is left (a fix can make
    another: '(測試),' needs the ')' full-width before its ',' is seen)."""
    for _ in range(4):
        found = findings(line, rules)
        if not found:
            break
        line = apply(line, found)
    return line
