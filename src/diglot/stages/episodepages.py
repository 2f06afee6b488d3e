"""Episode pages: the page of each episode that has no article in its language, and
the HTML transcript of every episode with audio (its `podcast:transcript` of type
text/html). Both show the episode as article pages do: player, links, transcript.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from diglot import languages, urls
from diglot.stages.chrome import Chrome, Site, chrome
from diglot.stages.pages import Link
from diglot.stages.podcast import Block, Episode
from diglot.stages.site import Edition, format_day

TRANSCRIPT_TEMPLATE = "transcript.html"  # not listed in the sitemap: the episode page is


@dataclass(frozen=True)
class EpisodePage:
    chrome: Chrome
    heading: str
    date_text: str
    iso_date: str
    notice: str  # 'This episode has no written article in English. Read the article in ...:'
    article: Link  # the article, in another language
    article_tag: str  # its BCP 47 tag
    episode: Block


@dataclass(frozen=True)
class TranscriptPage:
    chrome: Chrome
    heading: str  # 'Transcript: Kaizen'
    back: Link  # the page that plays the episode
    episode: Block


def pages_of(site: Site, edition: Edition) -> Iterator[tuple[str, str, object]]:
    """(site path, template, context) of the episode and transcript pages of an edition."""
    transcripts: dict[str, dict[str, str]] = defaultdict(dict)  # key -> edition -> path
    for episode in site.podcast.audio:
        transcripts[episode.key][episode.edition] = episode.files["html"]
    for episode in site.podcast.of(edition.code):
        block = site.podcast.block(episode.key, edition.code)
        if block is None:
            continue
        if episode.own_page:
            yield episode.page, "episode-page.html", _episode_page(site, edition, episode, block)
        if episode.audio is not None:
            versions = transcripts[episode.key]
            page = _transcript_page(site, edition, episode, block, versions)
            yield episode.files["html"], TRANSCRIPT_TEMPLATE, page


def _episode_page(site: Site, edition: Edition, episode: Episode, block: Block) -> EpisodePage:
    config, script = site.config, episode.script
    t = site.podcast.strings[edition.code]
    article = config.language(episode.article.edition)
    return EpisodePage(
        chrome=chrome(
            site,
            edition,
            script.title,
            episode.page,
            site.plan.families.get(episode.key, {}),
            "article",
            hreflang=False,
        ),
        heading=script.title,
        date_text=format_day(script.date.date(), edition.lang) if script.date else "",
        iso_date=script.date.isoformat() if script.date else "",
        notice=t["no_article"].format(
            language=languages.name_in(article.locale, edition.lang.locale)
        ),
        article=Link(episode.article.title, urls.href(config, episode.article.path)),
        article_tag=article.tag,
        episode=block,
    )


def _transcript_page(
    site: Site, edition: Edition, episode: Episode, block: Block, versions: Mapping[str, str]
) -> TranscriptPage:
    """`versions` are the transcripts of the episode in every language."""
    t = site.podcast.strings[edition.code]
    title = t["transcript_title"].format(title=episode.script.title)
    return TranscriptPage(
        chrome=chrome(site, edition, title, episode.files["html"], versions, hreflang=False),
        heading=title,
        back=Link(t["back_to_episode"], urls.href(site.config, episode.page)),
        episode=replace(block, open=True),
    )
