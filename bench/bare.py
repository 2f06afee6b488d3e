"""The floor under `diglot build`: the issue's "bare Python loop", beside diglot and Hugo.

PyYAML's C loader + markdown-it-py (CommonMark, tables, strikethrough) + jinja2 in two
processes, writing one page per article, paginated home pages (20 posts) and an RSS feed
per language: no highlighting, links, table of contents, tags, archives, hreflang,
switcher, sitemap or atomic swap. What this costs on the bench corpus is about the least
any build made of these libraries can cost.

    .venv/bin/python bench/bare.py --corpus bench/out/corpus-1000 [--repeat 5]

Cold runs, each into an empty folder with nothing deleted in the last minute (see
bench.py), interleaved with Hugo's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from multiprocessing import get_context
from pathlib import Path

from bench import FREED_INODES_WINDOW, hugo_binary, move_aside

PAGE = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><h1>{{ title }}</h1><p>{{ date }}</p>{{ body }}</body></html>
"""
LIST = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ lang }}</title></head>
<body><ol>{% for p in posts %}<li><a href="{{ p.url }}">{{ p.title }}</a> {{ p.date }}
<p>{{ p.summary }}</p></li>{% endfor %}</ol></body></html>
"""
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{{ lang }}</title>{% for p in posts %}
<item><title>{{ p.title }}</title><link>{{ p.url }}</link>
<description>{{ p.body }}</description></item>
{% endfor %}</channel></rss>
"""


def _render(job: tuple[list[Path], Path]) -> list[dict[str, str]]:
    import jinja2
    import yaml
    from markdown_it import MarkdownIt
    from markupsafe import Markup

    files, out = job
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    page = jinja2.Environment(autoescape=True).from_string(PAGE)
    made = []
    for file in files:
        text = file.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        meta = yaml.load(front, Loader=yaml.CSafeLoader)
        lang = "zh-tw" if file.name.endswith(".zh-tw.md") else "en"
        slug = file.name.split(".")[0]
        html = md.render(body)
        folder = out / lang / "posts" / slug
        folder.mkdir(parents=True)
        title, date = str(meta["title"]), str(meta["date"])
        data = page.render(lang=lang, title=title, date=date, body=Markup(html))
        (folder / "index.html").write_text(data, encoding="utf-8")
        url = f"/{lang}/posts/{slug}/"
        made.append({"lang": lang, "title": title, "date": date, "url": url, "body": html,
                     "summary": str(meta.get("summary", ""))})  # fmt: skip
    return made


def build(corpus: Path, out: Path) -> None:
    import jinja2

    files = sorted((corpus / "content" / "posts").glob("*.md"))
    chunks = [(files[i : i + 50], out) for i in range(0, len(files), 50)]
    with get_context("fork").Pool(2) as pool:
        posts = [post for part in pool.map(_render, chunks) for post in part]
    env = jinja2.Environment(autoescape=True)
    listing, rss = env.from_string(LIST), env.from_string(RSS)
    for lang in ("en", "zh-tw"):
        mine = sorted(
            (p for p in posts if p["lang"] == lang), key=lambda p: p["date"], reverse=True
        )
        for number in range(0, len(mine), 20):
            folder = out / lang / (f"page/{number // 20 + 1}" if number else "")
            folder.mkdir(parents=True, exist_ok=True)
            page = listing.render(lang=lang, posts=mine[number : number + 20])
            (folder / "index.html").write_text(page, encoding="utf-8")
        (out / lang / "index.xml").write_text(rss.render(lang=lang, posts=mine), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)  # one timed build
    args = parser.parse_args()
    if args.build:
        build(args.corpus.resolve(), args.build)
        return
    corpus = args.corpus.resolve()
    trash = corpus.parent / "trash"
    names = ("bare", "diglot", "hugo")
    out = {name: corpus.parent / f"floor-{name}" for name in names}
    diglot = Path(sys.executable).with_name("diglot")
    commands = {
        "bare": [sys.executable, __file__, "--corpus", str(corpus), "--build", str(out["bare"])],
        "diglot": [str(diglot), "--project", str(corpus), "build", "--no-audio", "--output"],
        "hugo": [str(hugo_binary()), "--quiet", "--source", str(corpus), "--destination"],
    }
    commands["diglot"].append(str(out["diglot"]))
    commands["hugo"].append(str(out["hugo"]))
    os.sync()
    time.sleep(FREED_INODES_WINDOW)
    times: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(args.repeat):
        for name, command in commands.items():  # interleaved
            move_aside(out[name], trash)
            move_aside(corpus / "resources", trash)
            os.sync()
            started = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - started)
    shutil.rmtree(trash, ignore_errors=True)
    hugo = statistics.median(times["hugo"])
    print(f"cold builds of {corpus.name}, median of {args.repeat} (wall s, x Hugo):")
    for name in names:
        seconds = statistics.median(times[name])
        runs = " ".join(f"{t:.2f}" for t in times[name])
        print(f"  {name:6} {seconds:5.2f} s  {seconds / hugo:.2f}x   ({runs})")


if __name__ == "__main__":
    main()
