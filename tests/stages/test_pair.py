from __future__ import annotations

from diglot import pipeline

from conftest import MakeProject, post


def test_pairs_by_path_and_by_translation_key(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/posts/a.md": post("A"),
            "content/posts/a.zh-tw.md": post("甲"),
            "content/posts/kaizen.md": post("Kaizen", translationKey="kaizen"),
            "content/posts/gaishan.zh-tw.md": post("改善", translationKey="kaizen"),
            "content/posts/solo.md": post("Solo"),
        }
    )
    project = pipeline.inspect(root)
    assert project.errors == ()
    pairs = {p.key: p for p in project.content.pairs}
    assert sorted(pairs) == ["kaizen", "posts/a", "posts/solo"]
    assert list(pairs["kaizen"].articles) == ["en", "zh-tw"]
    assert pairs["kaizen"].article("zh-tw").slug == "gaishan"
    assert pairs["posts/solo"].is_orphan


def test_translation_key_is_inherited_by_path_siblings(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/posts/a.md": post("A", translationKey="alpha"),
            "content/posts/a.zh-tw.md": post("甲"),
            "content/posts/a.podcast.zh-tw.md": "你好。\n",
        }
    )
    project = pipeline.inspect(root)
    assert project.errors == ()
    (pair,) = project.content.pairs
    assert pair.key == "alpha" and set(pair.articles) == {"en", "zh-tw"}
    assert list(pair.scripts) == ["zh-tw"]


def test_script_without_article_in_its_language_is_valid(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/posts/a.zh-tw.md": post("甲"),
            "content/posts/a.podcast.md": "Welcome to the show.\n",
        }
    )
    project = pipeline.inspect(root)
    assert project.errors == ()
    (pair,) = project.content.pairs
    assert list(pair.articles) == ["zh-tw"] and list(pair.scripts) == ["en"]


def test_articles_are_ordered_by_configured_language(make_project: MakeProject) -> None:
    root = make_project(
        {
            "site.toml": 'languages = ["zh-tw", "en"]\n',
            "content/posts/a.md": post("甲"),
            "content/posts/a.en.md": post("A"),
        }
    )
    (pair,) = pipeline.inspect(root).content.pairs
    assert list(pair.articles) == ["zh-tw", "en"]
    assert pair.article("zh-tw").path == "content/posts/a.md"


def test_hand_written_derived_language_article_is_kept(make_project: MakeProject) -> None:
    root = make_project(
        {
            "site.toml": '[derived.zh-cn]\nfrom = "zh-tw"\nconversion = "tw2sp"\n',
            "content/posts/a.md": post("A"),
            "content/posts/a.zh-tw.md": post("甲"),
            "content/posts/a.zh-cn.md": post("甲"),
        }
    )
    project = pipeline.inspect(root)
    assert project.errors == ()
    assert list(project.content.pairs[0].articles) == ["en", "zh-tw", "zh-cn"]


def test_post_paired_with_page_is_an_error(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/posts/about.md": post("About", translationKey="about"),
            "content/about/index.zh-tw.md": "---\ntitle: 關於\ntranslationKey: about\n---\n",
        }
    )
    assert [d.code for d in pipeline.inspect(root).errors] == ["kind"]
