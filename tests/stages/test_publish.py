"""Staged publishing: unchanged files are the old files, failures leave no trace."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from diglot.errors import DiglotError
from diglot.stages.publish import Extra, LiveTree, Staging


def publish(target: Path, files: dict[str, bytes]) -> list[bool]:
    staging = Staging.open(target)
    changed = [staging.write(name, data) for name, data in files.items()]
    staging.commit()
    return changed


def test_unchanged_files_keep_their_inode_and_stale_files_go(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert publish(site, {"index.html": b"a", "sitemap.xml": b"s", "old.txt": b"o"}) == [True] * 3
    inode = (site / "index.html").stat().st_ino
    assert publish(site, {"index.html": b"a", "sitemap.xml": b"t"}) == [False, True]
    assert (site / "index.html").stat().st_ino == inode
    assert (site / "sitemap.xml").read_bytes() == b"t"
    assert not (site / "old.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_writing_a_path_twice_never_touches_the_old_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(site, {"index.html": b"a", "sitemap.xml": b"s"})
    staging = Staging.open(site)
    staging.write("index.html", b"a")  # linked to the old file
    staging.write("index.html", b"b")  # must replace the link, not write through it
    assert (site / "index.html").read_bytes() == b"a"
    staging.abort()
    assert (site / "index.html").read_bytes() == b"a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_extras_and_copies(tmp_path: Path) -> None:
    source = tmp_path / "episode.mp3"
    source.write_bytes(b"ID3")
    staging = Staging.open(tmp_path / "site")
    assert staging.publish(Extra("en/posts/x/episode.mp3", source=source))
    assert staging.publish(Extra("en/podcast.xml", data=b"<rss/>"))
    staging.commit()
    assert (tmp_path / "site/en/posts/x/episode.mp3").read_bytes() == b"ID3"
    with pytest.raises(ValueError):
        Staging.open(tmp_path / "other").write("../escape.txt", b"x")


def test_a_folder_that_is_not_a_site_is_refused(tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(DiglotError, match="holds no site built by diglot"):
        Staging.open(tmp_path / "home")


def test_a_live_tree_changes_files_in_place_only_when_committed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(site, {"index.html": b"a", "sitemap.xml": b"s", "en/old/index.html": b"o"})
    inode = (site / "index.html").stat().st_ino
    live = LiveTree(site)
    assert live.write("index.html", b"a") is False
    assert live.write("sitemap.xml", b"t") is True
    assert live.write("en/new/index.html", b"n") is True
    assert (site / "sitemap.xml").read_bytes() == b"s"  # nothing until the commit
    assert live.commit() == ("en/new/index.html", "en/old/index.html", "sitemap.xml")
    assert (site / "index.html").stat().st_ino == inode
    assert (site / "sitemap.xml").read_bytes() == b"t"
    assert not (site / "en/old").exists()  # gone, with the folders it leaves empty
    live.write("sitemap.xml", b"u")
    live.abort()
    assert (site / "sitemap.xml").read_bytes() == b"t"
    live.keep("index.html")
    assert live.commit() == ("en/new/index.html", "sitemap.xml")
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]


def test_a_live_tree_copies_with_the_source_mtime(tmp_path: Path) -> None:
    source = tmp_path / "dot.svg"
    source.write_bytes(b"<svg/>")
    live = LiveTree(tmp_path / "site")
    assert live.copy("dot.svg", source) is True
    live.commit()
    assert live.copy("dot.svg", source) is False
    source.write_bytes(b"<svg />")
    assert live.copy("dot.svg", source) is True
    with pytest.raises(TypeError, match="workers"):
        pickle.dumps(live)
