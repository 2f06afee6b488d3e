from __future__ import annotations

import pytest

from diglot import config, i18n
from diglot.errors import SourceError

from conftest import MakeProject


def test_strings_fall_back_and_derived_languages_are_converted(make_project: MakeProject) -> None:
    root = make_project(
        {
            "site.toml": 'languages = ["en", "zh-tw"]\n[derived.zh-cn]\nfrom = "zh-tw"\n'
            'conversion = "tw2sp"\n',
            "templates/i18n/demo.en.toml": 'software = "Software"\nonly_en = "English only"\n',
            "templates/i18n/demo.zh-tw.toml": 'software = "軟體"\n',
        }
    )
    table = i18n.strings(config.load(root), "demo")
    assert table["en"]["software"] == "Software"
    assert table["zh-tw"]["software"] == "軟體"
    assert table["zh-tw"]["only_en"] == "English only"
    assert table["zh-cn"]["software"] == "软件"


def test_a_broken_strings_file_names_its_line(make_project: MakeProject) -> None:
    root = make_project({"templates/i18n/demo.en.toml": 'a = "x"\nb = \n'})
    with pytest.raises(SourceError) as info:
        i18n.strings(config.load(root, {"en"}), "demo")
    assert info.value.diagnostic.location().startswith("templates/i18n/demo.en.toml:2")
