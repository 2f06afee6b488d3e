"""The build as a short, ordered list of stages; `check` is the same pipeline, writing nothing.

scan -> config -> load -> pair -> validate (`project`), then per command:
- `build`: load -> pair -> site plan -> podcast (scripts, voice from the audio cache)
  -> article pages (render, in workers) -> listing and episode pages -> feeds, podcast
  feeds and sitemap -> assets, audio and transcripts -> swap the staged site in ->
  record the episode numbers it published (`build`);
- the podcast: episodes (numbers from episodes.lock) -> script -> export or voice
  (`podcast`).
"""

from diglot.pipeline.build import BuildOptions, BuildReport, build, rebuild
from diglot.pipeline.podcast import (
    PodcastExport,
    audio_scripts,
    audio_summary,
    episode_numbers,
    export_podcast,
    podcast_audio,
    podcast_languages,
    podcast_scripts,
    record_episode_numbers,
)
from diglot.pipeline.project import Project, fix, inspect, load_project

__all__ = [
    "BuildOptions",
    "BuildReport",
    "PodcastExport",
    "Project",
    "audio_scripts",
    "audio_summary",
    "build",
    "episode_numbers",
    "export_podcast",
    "fix",
    "inspect",
    "load_project",
    "podcast_audio",
    "podcast_languages",
    "podcast_scripts",
    "rebuild",
    "record_episode_numbers",
]
