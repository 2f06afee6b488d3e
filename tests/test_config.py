from __future__ import annotations

from pathlib import Path

import pytest

from diglot import config, configkeys
from diglot.configschema import line_of
from diglot.errors import ConfigError


def load(tmp_path: Path, text: str, discovered: tuple[str, ...] = ()) -> config.Config:
    (tmp_path / "site.toml").write_text(text, encoding="utf-8")
    return config.load(tmp_path, discovered)


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text)
    return [d.format() for d in info.value.diagnostics]


def test_zero_config_has_defaults_in_both_languages(tmp_path: Path) -> None:
    cfg = config.load(tmp_path, {"en", "zh-tw"})
    assert [lang.code for lang in cfg.languages] == ["en", "zh-tw"]
    assert cfg.default_language.title == "Continuous Improvement"
    assert cfg.language("zh-tw").title == "持續改進"
    assert cfg.language("zh-tw").tag == "zh-Hant-TW"
    assert cfg.language("zh-tw").cjk
    assert cfg.podcast.code_blocks == "note"
    assert not cfg.languages_explicit


def test_zero_config_detects_languages_from_file_names(tmp_path: Path) -> None:
    cfg = config.load(tmp_path, {"fr", "en"})
    assert [lang.code for lang in cfg.languages] == ["en", "fr"]
    assert cfg.language("fr").label == "français"


def test_config_is_frozen(tmp_path: Path) -> None:
    cfg = config.load(tmp_path, {"en"})
    with pytest.raises(AttributeError):
        cfg.paginate = 3  # type: ignore[misc]


def test_full_config(tmp_path: Path) -> None:
    cfg = load(
        tmp_path,
        """
        base_url = "https://blog.example.org"
        author = "Ada"
        languages = ["zh_TW", "en"]
        paginate = 5
        timezone = "Asia/Taipei"

        [language.zh-tw]
        title = "改進"
        date_format = "y-MM-dd"

        [derived.zh-cn]
        from = "zh-tw"
        conversion = "tw2sp"

        [tags.podcast]
        zh-tw = "播客"

        [podcast]
        host = "Ada"
        show_name = { en = "Better", zh-tw = "更好" }
        episode_numbers = { kaizen = 1 }
        """.replace("\n        ", "\n"),
    )
    assert [lang.code for lang in cfg.languages] == ["zh-tw", "en", "zh-cn"]
    assert cfg.default_language.code == "zh-tw"
    assert cfg.base_url == "https://blog.example.org/"
    assert cfg.language("zh-tw").title == "改進"
    assert cfg.language("zh-cn").derived_from == "zh-tw"
    assert cfg.language("zh-cn").tag == "zh-Hans"
    assert cfg.language("zh-cn").title == "改进"  # its source's, converted
    assert [lang.code for lang in cfg.derived] == ["zh-cn"]
    assert cfg.tags["podcast"]["zh-tw"] == "播客"
    assert cfg.podcast.show_name["zh-tw"] == "更好"
    assert cfg.podcast.show_name["zh-cn"] == "持续改进"
    assert cfg.podcast.episode_numbers["kaizen"] == 1
    assert cfg.languages_explicit


def test_unknown_key_gets_a_did_you_mean_with_its_line(tmp_path: Path) -> None:
    assert problems(tmp_path, 'title = "x"\npaginat = 3\n') == [
        "site.toml:2: error: paginat: unknown key; did you mean 'paginate'?"
    ]


def test_wrong_types_and_values_are_all_reported(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        'languages = ["en", "xx-qq-zz9"]\npaginate = 0\n[podcast]\nexplicit = "no"\nbitrate = 65\n',
    )
    assert found == [
        "site.toml:1: error: languages: ['en', 'xx-qq-zz9'] 'xx-qq-zz9' is not a BCP 47 "
        "language code such as 'en' or 'zh-tw'",
        "site.toml:2: error: paginate: 0 must be greater than 0",
        "site.toml:4: error: podcast.explicit: must be true or false, not 'no'; itunes:explicit",
        "site.toml:5: error: podcast.bitrate: 65 is not allowed (allowed: 32, 48, 64, 96, 128)",
    ]


def test_language_tables_must_name_configured_languages(tmp_path: Path) -> None:
    assert problems(tmp_path, 'languages = ["en"]\n[language.ja]\ntitle = "x"\n') == [
        "site.toml:2: error: language.ja: 'ja' is not a configured language; "
        "use one of en or add it to 'languages'"
    ]


def test_derived_language_needs_its_source(tmp_path: Path) -> None:
    found = problems(tmp_path, '[derived.zh-cn]\nconversion = "tw2sp"\n')
    assert found == [
        "site.toml:1: error: derived.zh-cn: 'from' is required; "
        "from: the authored language it is converted from, e.g. 'zh-tw'"
    ]


def test_derived_language_needs_a_real_opencc_configuration(tmp_path: Path) -> None:
    table = '[derived.zh-cn]\nfrom = "zh-tw"\nconversion = "%s"\n'
    assert problems(tmp_path, table % "tw-sp") == [
        "site.toml:3: error: derived.zh-cn.conversion: 'tw-sp' is not an OpenCC "
        "configuration; did you mean 'tw2sp'?"
    ]
    (message,) = problems(tmp_path, table % "simplified")
    assert "use one of hk2s, hk2sp, hk2t, jp2t, s2hk," in message
    assert load(tmp_path, table % "tw2s.json").language("zh-cn").conversion == "tw2s.json"


def test_invalid_toml_names_line_and_column(tmp_path: Path) -> None:
    assert problems(tmp_path, 'title = "x"\nbroken =\n')[0].startswith("site.toml:2:")


def test_line_of_finds_keys_tables_and_inline_tables() -> None:
    text = 'a = 1\n[podcast]\nhost = "x"\nshow_name = { en = "y" }\n[tags.kaizen]\nzh-tw = "改善"\n'
    assert line_of(text, ("a",)) == 1
    assert line_of(text, ("podcast", "host")) == 3
    assert line_of(text, ("podcast", "show_name", "en")) == 4
    assert line_of(text, ("tags", "kaizen", "zh-tw")) == 6
    assert line_of(text, ("podcast", "missing")) == 2
    assert line_of(text, ("nowhere",)) == 0


def test_every_key_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    tables = {
        "": configkeys.TOP_KEYS,
        "podcast": configkeys.PODCAST_KEYS,
        "lint": configkeys.LINT_KEYS,
        "language": configkeys.LANGUAGE_KEYS,
        "derived": configkeys.DERIVED_KEYS,
    }
    missing = [
        f"{prefix}.{key}".lstrip(".")
        for prefix, table in tables.items()
        for key in table.keys
        if f"`{key}`" not in readme and f"`[{key}" not in readme
    ]
    assert missing == []
