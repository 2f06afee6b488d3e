"""Export: file names, SSML that parses, episodes.json that meets its schema, writing."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from diglot import pipeline
from diglot.model import EpisodeScript
from diglot.stages import episodes, export

from conftest import FIXTURES

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "docs" / "episodes.schema.json").read_text(encoding="utf-8")
)
SSML = "{http://www.w3.org/2001/10/synthesis}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def scripts(tmp_path: Path) -> tuple[pipeline.Project, tuple[EpisodeScript, ...]]:
    root = shutil.copytree(FIXTURES / "podcast" / "project", tmp_path / "project")
    project = pipeline.load_project(root)
    return project, pipeline.podcast_scripts(project)


def test_file_names_are_safe_and_unique() -> None:
    stems = episodes.file_stems(["posts/x", "posts--x", "a b?", "../up", "Case", "case", "中文/鍵"])
    assert stems["a b?"] == "a-b"
    assert stems["../up"] == "up"
    assert stems["中文/鍵"] == "中文--鍵"
    assert stems["posts/x"].startswith("posts--x-") and stems["posts--x"].startswith("posts--x-")
    assert stems["Case"] != stems["case"]
    assert len({s.lower() for s in stems.values()}) == len(stems)


def test_ssml_parses_with_language_breaks_and_english_spans(scripts: tuple) -> None:
    project, found = scripts
    for script in found:
        root = ET.fromstring(export.as_ssml(script, project.config).encode("utf-8"))
        assert root.tag == f"{SSML}speak" and root.get("version") == "1.1"
        expected = project.config.language(script.lang).tag
        assert root.get(XML_LANG) == expected
        breaks = root.findall(f"{SSML}break")
        assert len(breaks) == len(script.segments) - 1
        spans = root.findall(f".//{SSML}lang")
        if script.lang == "zh-tw":
            assert {s.get(XML_LANG) for s in spans} == {"en"}
            assert script.key != "features" or "Kubernetes 1.30" in [s.text for s in spans]
        else:
            assert spans == []


def test_episodes_json_meets_its_schema(scripts: tuple) -> None:
    project, found = scripts
    for fmt in export.FORMATS:
        files = export.render(found, fmt, project.config)
        index = json.loads(files[export.INDEX])
        jsonschema.validate(index, SCHEMA, format_checker=jsonschema.FormatChecker())
        assert {e["file"] for e in index["episodes"]} == set(files) - {export.INDEX}
    jsonschema.validate(
        json.loads(export.as_json(found[0], project.config)) | {"file": "en/x.json"},
        SCHEMA["$defs"]["episode"] | {"additionalProperties": True},
    )


def test_md_escapes_what_markdown_would_read_as_syntax(scripts: tuple) -> None:
    project, found = scripts
    odd = found[0].__class__(**{**found[0].__dict__, "title": "1. *Not* a list"})
    assert export.as_md(odd, project.config).startswith("# 1\\. \\*Not\\* a list\n")


def test_write_leaves_unchanged_files_and_removes_stale_ones(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out).mkdir()
    (out / "mine.txt").write_text("not ours", encoding="utf-8")
    first = {"en/a.txt": b"A", "en/b.txt": b"B", export.INDEX: _index("en/a.txt", "en/b.txt")}
    assert export.write(out, first) == export.Written(3, 0, 0)
    before = (out / "en/a.txt").stat().st_mtime_ns
    second = {"en/a.txt": b"A", export.INDEX: _index("en/a.txt")}
    assert export.write(out, second) == export.Written(1, 1, 1)
    assert (out / "en/a.txt").stat().st_mtime_ns == before
    assert not (out / "en/b.txt").exists()
    assert (out / "mine.txt").read_text(encoding="utf-8") == "not ours"


def test_write_never_removes_files_outside_the_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "precious.txt").write_text("keep", encoding="utf-8")
    (out / export.INDEX).write_bytes(_index("../precious.txt", "/etc/passwd"))
    export.write(out, {export.INDEX: _index()})
    assert (tmp_path / "precious.txt").exists()


def _index(*files: str) -> bytes:
    return json.dumps({"episodes": [{"file": f} for f in files]}).encode("utf-8")
