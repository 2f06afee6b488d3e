"""Shared test helpers: fixture trees, the CLI runner and the --update-golden flag."""

from __future__ import annotations

import fcntl
import re
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import strategies as st

from diglot.cli import cli
from diglot.model import Article

FIXTURES = Path(__file__).parent / "fixtures"
MakeProject = Callable[[Mapping[str, str | bytes]], Path]  # the make_project fixture


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite golden files from the current output (review the diff before committing).",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Create files under root; text is dedented so tests can indent it."""
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[[Mapping[str, str | bytes]], Path]:
    def make(files: Mapping[str, str | bytes]) -> Path:
        return write_tree(tmp_path / "project", files)

    return make


def run(project: Path, *args: str) -> Result:
    """Run the CLI in-process on a project folder."""
    return CliRunner().invoke(cli, ["--project", str(project), *args], catch_exceptions=False)


REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The sample project's site with its podcast, built once per test session: the
    first xdist worker to ask builds it, the others wait for it and share it (read
    only). Its audio comes from the repository's .cache/audio after the first run."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent  # the folder every worker's own temporary folder is in
    out = shared / "sample-site"
    with open(shared / "sample-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "index.html").is_file():
            result = run(REPO, "build", "--output", str(out), "--jobs", "2")
            assert result.exit_code == 0, result.output
    return out


def article(body: str = "", lang: str = "en", **fields: object) -> Article:
    """An Article as the load stage would make it, for tests that start after loading."""
    made = Article(
        path=f"content/posts/x.{lang}.md",
        lang=lang,
        key="x",
        kind="post",
        section="posts",
        slug="x",
        title="X",
        date=datetime(2024, 3, 4),
        lastmod=None,
        draft=False,
        tags=(),
        categories=(),
        summary="",
        aliases=(),
        podcast=True,
        body=body,
        body_line=5,
    )
    return replace(made, **fields)  # type: ignore[arg-type]


def post(title: str, date: str = "2024-03-04", body: str = "Body text.\n", **fields: str) -> str:
    """A Markdown file with YAML front matter."""
    extra = "".join(f"{k}: {v}\n" for k, v in fields.items())
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\n\n{body}"


def check_golden(path: Path, actual: str, update: bool) -> None:
    """Compare with a golden file, or rewrite it under --update-golden."""
    if update or not path.exists():
        if not update:
            pytest.fail(f"golden file {path} is missing; run pytest --update-golden and review it")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert actual == path.read_text(encoding="utf-8"), f"differs from golden {path}"


# Markdown documents for property tests: every construct the podcast scripts must
# make speakable, mixed with arbitrary text (including Markdown's own marks).
_WORDS = st.sampled_from(
    (
        *("kaizen", "改善", "Kubernetes", "持續改進", "the team", "v1.2", "CI/CD", "a_b", "x*y"),
        *("1%", "「引號」", "C#", "I", "#hash", "www", ":", "|", "-", "*", "_", "<", ">", "\\"),
    )
)
_INLINE_ATOM = st.one_of(
    _WORDS,
    st.text(max_size=12),
    _WORDS.map(lambda w: f"**{w}**"),
    _WORDS.map(lambda w: f"*{w}*"),
    _WORDS.map(lambda w: f"__{w}__"),
    _WORDS.map(lambda w: f"~~{w}~~"),
    _WORDS.map(lambda w: f"`{w}`"),
    _WORDS.map(lambda w: f"`` a ` {w} ``"),
    _WORDS.map(lambda w: f"[{w}](https://example.org/{w})"),
    _WORDS.map(lambda w: f"[https://{w}.example.org/]({w}.md)"),
    _WORDS.map(lambda w: f"![{w}](image.png)"),
    st.sampled_from(
        (
            *("<https://auto.example.org/a>", "https://bare.example.com/path.", "www.x.com"),
            *("http://[::1", "ftp://files.example.org/x", "<b>", "</span>", "<!-- c -->", "[^1]"),
            *("\\*\\*", "\\`", "\\[a\\](b)", "\\<i\\>", "|---|", "\\#", "<x@example.org>", "&amp;"),
        )
    ),
)
_INLINE = st.lists(_INLINE_ATOM, min_size=1, max_size=6).map(" ".join)


def _table(cells: list[str]) -> str:
    row = "| " + " | ".join(c.replace("|", "/") for c in cells) + " |"
    return f"{row}\n|{'---|' * len(cells)}\n{row}\n{row}"


_BLOCK = st.one_of(
    _INLINE,
    st.tuples(st.integers(1, 6), _INLINE).map(lambda t: "#" * t[0] + " " + t[1]),
    st.lists(_INLINE, min_size=1, max_size=4).map(lambda xs: "\n".join(f"- {x}" for x in xs)),
    st.lists(_INLINE, min_size=1, max_size=4).map(
        lambda xs: "1. top\n" + "\n".join(f"   - {x}" for x in xs) + "\n2. next"
    ),
    st.lists(_INLINE, min_size=1, max_size=3).map(_table),
    _INLINE.map(lambda x: f"```py\n{x}\n```"),
    _INLINE.map(lambda x: f"> {x}\n>\n> - {x}"),
    _INLINE.map(lambda x: f"[^1]: {x}"),
    _INLINE.map(lambda x: f'<div class="x">\n{x}\n</div>'),
    _INLINE.map(lambda x: f"Term\n: {x}"),
    _INLINE.map(lambda x: f"    {x}"),
    st.sampled_from(["---", "- [ ] open task\n- [x] done task", ""]),
    st.text(max_size=80),
)
markdown_documents = st.lists(_BLOCK, max_size=10).map("\n\n".join)


# What a spoken paragraph must never contain.
FORBIDDEN = [
    (re.compile(r"^#", re.M), "# at line start"),
    (re.compile(r"\*\*"), "**"),
    (re.compile(r"__"), "__"),
    (re.compile(r"`"), "backtick"),
    (re.compile(r"\]\("), "]("),
    (re.compile(r"\|---"), "|---"),
    (re.compile(r"</?[A-Za-z][^<>]*>"), "<tag>"),
    (re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://|\bwww\.\w"), "raw URL"),
]


def assert_speakable(paragraph: str) -> None:
    assert "\n" not in paragraph
    for pattern, name in FORBIDDEN:
        assert not pattern.search(paragraph), f"{name} left in {paragraph!r}"
