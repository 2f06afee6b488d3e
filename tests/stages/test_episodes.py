"""Episode numbers: stable, pinned by site.toml, kept in episodes.lock."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from diglot import pipeline
from diglot.errors import SourceError
from diglot.stages import episodes

from conftest import MakeProject, post


def numbers(root: Path, locked: Mapping[str, int] | None = None, drafts: bool = False) -> dict:
    project = pipeline.load_project(root)
    plan = episodes.plan(project.content, project.config, locked or {}, drafts)
    return {(e.pair.key, e.lang): e.number for e in plan.episodes} | {"lock": dict(plan.lock)}


def test_numbered_by_date_then_key_one_number_per_pair(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/posts/b.md": post("B", "2024-02-01"),
            "content/posts/b.zh-tw.md": post("乙", "2024-02-05"),
            "content/posts/a.md": post("A", "2024-02-01"),
            "content/posts/old.md": post("Old", "2023-01-01"),
            "content/about.md": post("About"),
        }
    )
    found = numbers(root)
    assert found == {
        ("posts/old", "en"): 1,
        ("posts/a", "en"): 2,
        ("posts/b", "en"): 3,
        ("posts/b", "zh-tw"): 3,
        "lock": {"posts/old": 1, "posts/a": 2, "posts/b": 3},
    }


def test_an_older_post_added_later_does_not_renumber(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/posts/a.md": post("A", "2024-02-01"),
            "content/posts/b.md": post("B", "2024-03-01"),
        }
    )
    locked = numbers(root)["lock"]
    (root / "content/posts/older.md").write_text(post("Older", "2020-01-01"), encoding="utf-8")
    assert numbers(root, locked)["lock"] == {"posts/a": 1, "posts/b": 2, "posts/older": 3}


def test_pins_win_and_displace_a_locked_number(make_project: MakeProject) -> None:
    root = make_project(
        {
            "site.toml": '[podcast]\nepisode_numbers = { "posts/c" = 1 }\n',
            "content/posts/a.md": post("A", "2024-01-01"),
            "content/posts/b.md": post("B", "2024-02-01"),
            "content/posts/c.md": post("C", "2024-03-01"),
        }
    )
    assert numbers(root)["lock"] == {"posts/c": 1, "posts/a": 2, "posts/b": 3}
    found = numbers(root, {"posts/a": 1, "posts/b": 2})
    assert found["lock"] == {"posts/c": 1, "posts/b": 2, "posts/a": 3}


def test_drafts_get_provisional_numbers_that_are_not_locked(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/posts/a.md": post("A", "2024-01-01"),
            "content/posts/d.md": post("D", "2023-01-01", draft="true"),
            "content/posts/quiet.md": post("Q", "2023-01-01", podcast="false"),
        }
    )
    assert numbers(root) == {("posts/a", "en"): 1, "lock": {"posts/a": 1}}
    with_drafts = numbers(root, drafts=True)
    assert with_drafts[("posts/d", "en")] == 2
    assert with_drafts["lock"] == {"posts/a": 1}


def test_a_removed_post_keeps_its_number_reserved(make_project: MakeProject) -> None:
    root = make_project({"content/posts/b.md": post("B", "2024-03-01")})
    assert numbers(root, {"posts/gone": 1})["lock"] == {"posts/gone": 1, "posts/b": 2}


def test_lock_round_trips_deterministically() -> None:
    text = episodes.format_lock({"posts/b": 2, 'odd "key"': 3, "a": 1, "中文": 4})
    assert episodes.parse_lock(text) == {"posts/b": 2, 'odd "key"': 3, "a": 1, "中文": 4}
    assert text.splitlines()[-4:] == [
        '"a" = 1',
        '"posts/b" = 2',
        '"odd \\"key\\"" = 3',
        '"中文" = 4',
    ]


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("[episodes]\na = \n", "episodes.lock:2", "not valid TOML"),
        ('[episodes]\n"a" = 1\n"b" = 0\n', "episodes.lock:3", "whole number"),
        ("numbers = 1\n", "episodes.lock:1", "only an [episodes] table"),
    ],
)
def test_a_broken_lock_names_its_line(text: str, where: str, message: str) -> None:
    with pytest.raises(SourceError) as info:
        episodes.parse_lock(text)
    assert info.value.diagnostic.location().startswith(where)
    assert message in info.value.diagnostic.message


def test_duplicate_pins_are_a_config_error(make_project: MakeProject) -> None:
    root = make_project(
        {
            "site.toml": "[podcast]\nepisode_numbers = { a = 1, b = 1 }\n",
            "content/posts/a.md": post("A"),
        }
    )
    from diglot.errors import ConfigError

    with pytest.raises(ConfigError, match="'a' and 'b' both have 1"):
        pipeline.load_project(root)
