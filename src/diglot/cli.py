"""The `diglot` command line: parse options, call the pipeline, print. No logic here."""

from __future__ import annotations

import contextlib
import gc as collector
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from diglot import __version__, garbage, parallel, reading, scaffold
from diglot.errors import DiglotError
from diglot.stages.export import FORMATS


class Context:
    def __init__(self, project: Path) -> None:
        self.project = project


pass_context = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="diglot")
@click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Project root holding content/, site.toml and templates/.",
)
@click.pass_context
def cli(ctx: click.Context, project: Path) -> None:
    """A bilingual blog that is also a podcast."""
    if not project.is_dir():
        raise DiglotError(f"project folder {project} does not exist")
    ctx.obj = Context(project)


@cli.command()
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--fix", is_flag=True, help="Apply the Chinese lint's suggestions in place; print the diff."
)
@click.option("--dry-run", is_flag=True, help="With --fix: print the diff, change nothing.")
@pass_context
def check(ctx: Context, strict: bool, fix: bool, dry_run: bool) -> None:
    """Load, pair and validate all content; write nothing (unless --fix)."""
    from diglot import pipeline

    if dry_run and not fix:
        raise click.UsageError("--dry-run goes with --fix")
    if fix:
        for change in pipeline.fix(ctx.project, write=not dry_run):
            click.echo(change.diff(), nl=False)
        if dry_run:
            return
    project = pipeline.inspect(ctx.project)
    for diagnostic in project.diagnostics:
        shown = diagnostic.as_error() if strict else diagnostic
        click.echo(shown.format())
    click.echo(project.summary())
    if project.errors or (strict and project.warnings):
        sys.exit(1)


@cli.command()
@click.argument("title")
@click.option("--slug", help="URL slug and file name (default: made from the title).")
@click.option("--section", help="Content section (default: the first in site.toml, 'posts').")
@click.option("--bundle", is_flag=True, help="Create a page bundle folder (x/index.md).")
@pass_context
def new(ctx: Context, title: str, slug: str | None, section: str | None, bundle: bool) -> None:
    """Create a new draft article in every language."""
    from diglot import pipeline

    project = pipeline.inspect(ctx.project)
    for path in scaffold.create(project.config, title, slug, section, bundle, date.today()):
        click.echo(f"created {path.relative_to(project.root).as_posix()}")


@cli.command()
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to publish into (default: site/ in the project).",
)
@click.option("--drafts", is_flag=True, help="Publish drafts too.")
@click.option("--future", is_flag=True, help="Publish posts dated in the future too.")
@click.option(
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    help="Processes that render and speak in parallel, this one included (default: one per core).",
)
@click.option(
    "--base-url", default="", help="Publish for this URL instead of site.toml's base_url."
)
@click.option("--no-audio", is_flag=True, help="Leave the podcast's audio and feeds out.")
@click.option(
    "--gc", is_flag=True, help="Then remove the audio cache's episodes this build did not use."
)
@pass_context
def build(
    ctx: Context,
    output: Path | None,
    drafts: bool,
    future: bool,
    jobs: int,
    base_url: str,
    no_audio: bool,
    gc: bool,
) -> None:
    """Render the static bilingual site, with the podcast, into site/."""
    with contextlib.ExitStack() as stack:
        stack.enter_context(garbage.few_collections())  # from the first file read on
        # Workers read the content while this process imports the rest of diglot.
        started = stack.enter_context(reading.ahead(ctx.project, parallel.count(jobs)))
        from diglot import pipeline

        options = pipeline.BuildOptions(
            output, drafts, future, jobs, base_url, audio=not no_audio, gc=gc
        )
        bars: list[Any] = []  # click's progress bar, once opened

        def progress(done: int, total: int) -> None:
            if not sys.stderr.isatty():  # a log: one line, no bar
                if done == 0:
                    click.echo(f"speaking {total} episode{'s' if total != 1 else ''}", err=True)
                return
            if not bars:  # shown only when something must be spoken
                bar = click.progressbar(length=total, label="Speaking", file=sys.stderr)
                bars.append(stack.enter_context(bar))
            bars[0].update(done - bars[0].pos)

        report = pipeline.build(ctx.project, options, progress=progress, started=started)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(report.summary(ctx.project.resolve()))


@cli.group()
def podcast() -> None:
    """Podcast scripts and audio."""


@podcast.command("export")
@click.option("--lang", default="all", show_default=True, help="A language code, or all.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="txt",
    show_default=True,
    help="txt: paragraphs; md: for reading; json: segments; ssml: SSML 1.1.",
)
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write to (default: podcast/ in the project).",
)
@click.option("--drafts", is_flag=True, help="Include drafts (their numbers are not recorded).")
@pass_context
def podcast_export(ctx: Context, lang: str, fmt: str, output: Path | None, drafts: bool) -> None:
    """Write the script of every episode, plus episodes.json."""
    from diglot import pipeline

    project = pipeline.load_project(ctx.project)
    click.echo(pipeline.export_podcast(project, lang, fmt, output, drafts).summary())


@podcast.command("audio")
@click.option("--lang", default="all", show_default=True, help="A language code, or all.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Episodes spoken at once, each in its own process.",
)
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the MP3s and transcripts (default: podcast/ in the project).",
)
@pass_context
def podcast_audio(ctx: Context, lang: str, jobs: int, output: Path | None) -> None:
    """Speak every episode script into an MP3 with transcripts and chapters."""
    from diglot import pipeline

    project = pipeline.load_project(ctx.project)
    scripts = pipeline.audio_scripts(project, lang)
    with click.progressbar(length=len(scripts), label="Speaking", file=sys.stderr) as bar:
        episodes = pipeline.podcast_audio(project, scripts, output, jobs, lambda _: bar.update(1))
    click.echo(pipeline.audio_summary(episodes))


@cli.command()
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=1313,
    show_default=True,
    help="Port to listen on; a busy one gives the next free port (0: any free port).",
)
@click.option(
    "--bind",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but loopback lets other machines read the site.",
)
@click.option("--drafts", is_flag=True, help="Show drafts and future posts too.")
@click.option(
    "--no-audio", is_flag=True, help="Publish no podcast audio (serve never synthesises any)."
)
@click.option("--open", "open_browser", is_flag=True, help="Open the home page in a browser.")
@pass_context
def serve(
    ctx: Context, port: int, bind: str, drafts: bool, no_audio: bool, open_browser: bool
) -> None:
    """Preview the site locally, rebuilding and reloading on every edit."""
    from diglot import serve as serve_module  # the server and watcher only when serving

    options = serve_module.ServeOptions(port, bind, drafts, not no_audio, open_browser)
    serve_module.run(ctx.project, options, click.echo, lambda text: click.echo(text, err=True))


def main() -> None:
    try:
        cli(prog_name="diglot")
    finally:
        # The process ends here: spare the collector a last pass over everything a
        # build loaded while the interpreter shuts down (~60 ms at 1000 pairs).
        collector.freeze()
