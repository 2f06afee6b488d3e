from __future__ import annotations

import pytest

from diglot import templates
from diglot.errors import SourceError

from conftest import MakeProject


def test_project_templates_override_and_html_is_escaped(make_project: MakeProject) -> None:
    root = make_project(
        {"templates/hello.html": "<p>{{ name }}</p>\n", "templates/plain.txt.j2": "{{ name }}\n"}
    )
    assert templates.render(root, "hello.html", {"name": "<b>"}) == "<p>&lt;b&gt;</p>\n"
    assert templates.render(root, "plain.txt.j2", {"name": "<b>"}) == "<b>\n"


def test_syntax_error_names_file_and_line(make_project: MakeProject) -> None:
    root = make_project({"templates/bad.html": "<p>\n{% if x %}\n</p>\n"})
    with pytest.raises(SourceError) as info:
        templates.render(root, "bad.html", {"x": 1})
    assert info.value.diagnostic.location() == "templates/bad.html:3"
    assert "template syntax error" in info.value.diagnostic.message


def test_undefined_name_names_file_and_line(make_project: MakeProject) -> None:
    root = make_project({"templates/undef.html": "<p>\n{{ missing.attr }}\n</p>\n"})
    with pytest.raises(SourceError) as info:
        templates.render(root, "undef.html", {})
    assert info.value.diagnostic.location() == "templates/undef.html:2"
    assert "'missing' is undefined" in info.value.diagnostic.message


def test_missing_template(make_project: MakeProject) -> None:
    root = make_project({"content/x.md": ""})
    with pytest.raises(SourceError, match="template not found"):
        templates.render(root, "nope.html", {})
