"""Episode scripts built by hand for the voice tests: the script stage makes the real ones."""

from __future__ import annotations

from datetime import datetime

from diglot.model import EpisodeScript, Segment


def script(
    lang: str = "en",
    key: str = "posts/kaizen",
    title: str = "Kaizen",
    segments: tuple[Segment, ...] = (),
    number: int = 1,
) -> EpisodeScript:
    return EpisodeScript(
        key=key,
        lang=lang,
        number=number,
        guid=f"guid-{key}-{lang}",
        title=title,
        date=datetime(2024, 3, 4),
        summary="Small steps, every day.",
        tags=("kaizen",),
        segments=segments,
        hand_written=False,
        sources=(f"content/{key}.md",),
        words=0,
        cjk_chars=0,
        estimated_seconds=0.0,
    )


def english(
    key: str = "posts/kaizen", body: str = "Start small. Improve every day."
) -> EpisodeScript:
    return script(
        "en",
        key,
        "Kaizen",
        (
            Segment("intro", "", ("Welcome to Continuous Improvement.",)),
            Segment("section", "Small steps", (body,)),
            Segment("outro", "", ("Thanks for listening.",)),
        ),
    )


def chinese(
    key: str = "posts/kaizen", body: str = "我們用 GitHub 記錄每天的進步。"
) -> EpisodeScript:
    return script(
        "zh-tw",
        key,
        "改善",
        (
            Segment("intro", "", ("歡迎收聽持續改進。",)),
            Segment("section", "小步前進", (body,)),
            Segment("outro", "", ("謝謝收聽。",)),
        ),
    )
