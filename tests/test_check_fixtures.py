"""End to end: `diglot check` on one fixture tree per failure mode, exact messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, run

ERROR_TREES = sorted(p for p in (FIXTURES / "errors").iterdir() if p.is_dir())


def _diagnostic_lines(output: str) -> list[str]:
    lines = [line.removeprefix("diglot: ") for line in output.splitlines()]
    return [line for line in lines if ": error: " in line or ": warning: " in line]


@pytest.mark.parametrize("tree", ERROR_TREES, ids=[p.name for p in ERROR_TREES])
def test_each_failure_mode_is_reported_with_its_place_and_fix(
    tree: Path, update_golden: bool
) -> None:
    result = run(tree, "check")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    actual = "\n".join(_diagnostic_lines(result.output)) + "\n"
    expected_file = tree / "expected.txt"
    if update_golden:
        expected_file.write_text(actual, encoding="utf-8")
    assert actual == expected_file.read_text(encoding="utf-8")


def test_check_writes_nothing(tmp_path: Path) -> None:
    tree = FIXTURES / "errors" / "bad-date"
    before = sorted(p.relative_to(tree) for p in tree.rglob("*"))
    run(tree, "check")
    assert sorted(p.relative_to(tree) for p in tree.rglob("*")) == before
