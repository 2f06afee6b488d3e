"""The script stage: golden scripts for a fixture project, and properties of any script."""

from __future__ import annotations

import shutil
import uuid
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, given, settings

from diglot import config as config_module
from diglot import pipeline
from diglot.errors import SourceError
from diglot.model import ArticlePair, Content
from diglot.stages import export, script

from conftest import (
    FIXTURES,
    MakeProject,
    article,
    assert_speakable,
    check_golden,
    markdown_documents,
    post,
)

GOLDEN = Path(__file__).parents[1] / "golden" / "podcast"


@pytest.fixture
def fixture_project(tmp_path: Path) -> pipeline.Project:
    root = shutil.copytree(FIXTURES / "podcast" / "project", tmp_path / "project")
    return pipeline.load_project(root)


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_golden_scripts(fixture_project: pipeline.Project, fmt: str, update_golden: bool) -> None:
    scripts = pipeline.podcast_scripts(fixture_project)
    for name, data in export.render(scripts, fmt, fixture_project.config).items():
        check_golden(GOLDEN / fmt / name, data.decode("utf-8"), update_golden)


def test_which_episodes_exist(fixture_project: pipeline.Project) -> None:
    scripts = pipeline.podcast_scripts(fixture_project)
    assert [(s.key, s.lang, s.number) for s in scripts] == [
        ("features", "en", 1),
        ("features", "zh-tw", 1),
        ("posts/spoken-only", "en", 2),
        ("posts/spoken-only", "zh-tw", 2),
    ]
    with_drafts = pipeline.podcast_scripts(fixture_project, drafts=True)
    assert ("posts/draft", "en", 3) in [(s.key, s.lang, s.number) for s in with_drafts]


def test_known_scripts_are_reused_until_what_they_are_made_from_changes(
    fixture_project: pipeline.Project,
) -> None:
    from dataclasses import replace

    from diglot.stages import episodes

    config = fixture_project.config
    planned = episodes.plan(fixture_project.content, config, {}).episodes
    known: dict[tuple[object, ...], object] = {}
    first = script.write(config, planned, known=known)  # type: ignore[arg-type]
    assert first == script.write(config, planned)
    again = script.write(config, planned, known=known)  # type: ignore[arg-type]
    assert all(a is b for a, b in zip(first, again, strict=True))
    pair = planned[0].pair
    article = pair.articles[planned[0].lang]
    edited = replace(article, body=article.body + "\nOne more sentence.\n")
    changed = replace(pair, articles=MappingProxyType({**pair.articles, edited.lang: edited}))
    planned_again = [replace(planned[0], pair=changed), *planned[1:]]
    third = script.write(config, planned_again, known=known)  # type: ignore[arg-type]
    assert third[0] is not first[0] and "One more sentence." in str(third[0].segments)
    assert all(a is b for a, b in zip(first[1:], third[1:], strict=True))


def test_a_hand_written_script_is_used_as_written(fixture_project: pipeline.Project) -> None:
    spoken = next(
        s for s in pipeline.podcast_scripts(fixture_project) if s.key == "posts/spoken-only"
    )
    assert spoken.hand_written
    assert spoken.title == "An Episode Without an English Article"
    assert spoken.sources == ("content/posts/spoken-only.podcast.md",)
    assert spoken.tags == ("kaizen",)  # translated from the Chinese article's 改善
    assert [s.kind for s in spoken.segments] == ["section", "section"]
    assert spoken.segments[1].paragraphs == (
        "It keeps list items as they are.",
        "It adds no ordinals.",
        "Thanks for listening. This is Victor, signing off.",
    )


def test_identity_guid_and_duration(fixture_project: pipeline.Project) -> None:
    en, zh = pipeline.podcast_scripts(fixture_project)[:2]
    assert en.guid == script.guid(fixture_project.config, "features", "en") != zh.guid
    expected = uuid.uuid5(uuid.NAMESPACE_URL, "https://podcast.example.org/podcast/en/features")
    assert en.guid == str(expected)
    assert en.words > 300 and en.cjk_chars == 2  # 改善
    assert en.estimated_seconds == round(en.words / 150 * 60 + en.cjk_chars / 240 * 60, 1)
    assert zh.cjk_chars > 300 and zh.words > 5


def test_derived_language_episodes_are_converted(make_project: MakeProject) -> None:
    root = make_project(
        {
            "site.toml": 'languages = ["en", "zh-tw"]\n[derived.zh-cn]\nfrom = "zh-tw"\n'
            'conversion = "tw2sp"\npodcast = true\n',
            "content/posts/a.md": post("Software", body="Software matters.\n"),
            "content/posts/a.zh-tw.md": post("軟體", body="軟體很重要。\n\n- 第一\n- 第二\n"),
        }
    )
    scripts = pipeline.podcast_scripts(pipeline.load_project(root))
    cn = next(s for s in scripts if s.lang == "zh-cn")
    assert cn.title == "软件"
    text = "\n".join(p for s in cn.segments for p in s.paragraphs)
    assert "欢迎收听《持续改进》" in text and "软件很重要。" in text and "首先，第一。" in text
    assert [s.kind for s in cn.segments] == ["intro", "section", "outro"]


def test_a_project_template_overrides_the_intro(make_project: MakeProject) -> None:
    root = make_project(
        {
            "templates/podcast/intro.en.txt.j2": "Hi, this is {{ host }} with {{ topic }},\n"
            "from {{ date_text }}.\n",
            "content/posts/a.md": post("Small Steps!", body="Body.\n"),
        }
    )
    first = pipeline.podcast_scripts(pipeline.load_project(root))[0]
    assert first.segments[0].paragraphs == (
        "Hi, this is Victor with Small Steps, from March 4, 2024.",
    )


def test_a_language_without_templates_or_show_name_falls_back(make_project: MakeProject) -> None:
    root = make_project(
        {
            "site.toml": 'languages = ["fr", "en"]\n[language.fr]\ntitle = "Amélioration"\n',
            "content/posts/a.md": post("Petits pas", body="Texte.\n"),
        }
    )
    first = pipeline.podcast_scripts(pipeline.load_project(root))[0]
    assert first.lang == "fr"
    assert first.segments[0].paragraphs[0].startswith("Welcome to Amélioration, the podcast")


def test_a_template_error_names_the_template_line(make_project: MakeProject) -> None:
    root = make_project(
        {
            "templates/podcast/outro.en.txt.j2": "Bye.\n\n{{ no_such_field }}\n",
            "content/posts/a.md": post("A"),
        }
    )
    with pytest.raises(SourceError) as info:
        pipeline.podcast_scripts(pipeline.load_project(root))
    assert info.value.diagnostic.location() == "templates/podcast/outro.en.txt.j2:3"


def _pair(body: str, tmp_path: Path) -> tuple[Content, config_module.Config]:
    config = config_module.load(tmp_path, {"en", "zh-tw"})
    articles = {
        lang: article(
            body,
            lang,
            key="posts/x",
            title="A *title*",
            date=datetime(2024, 1, 1),
            body_line=1,
        )
        for lang in ("en", "zh-tw")
    }
    return Content((ArticlePair("posts/x", "post", MappingProxyType(articles)),)), config


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(markdown_documents)
def test_any_article_makes_a_framed_speakable_script(tmp_path: Path, body: str) -> None:
    content, config = _pair(body, tmp_path)
    for episode in script.scripts(content, config):
        kinds = [s.kind for s in episode.segments]
        assert kinds[0] == "intro" and kinds[-1] == "outro"
        assert kinds.count("intro") == kinds.count("outro") == 1
        whole = "\n".join(p for s in episode.segments for p in s.paragraphs)
        for framing in (episode.segments[0], episode.segments[-1]):
            assert whole.count(framing.paragraphs[0]) == 1
        for segment in episode.segments[1:-1]:
            assert_speakable(segment.title)
            for paragraph in segment.paragraphs:
                assert_speakable(paragraph)
