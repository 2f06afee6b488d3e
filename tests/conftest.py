"""Shared test helpers: fixture trees, the CLI runner and the --update-golden flag."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from diglot.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"


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
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project's site, built once per test session (per xdist worker)."""
    out = tmp_path_factory.mktemp("sample") / "site"
    result = run(REPO, "build", "--output", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output
    return out


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
