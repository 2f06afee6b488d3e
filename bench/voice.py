"""Voice benchmark: seconds of audio made per second of wall time, serial and in
parallel, what the podcast costs `diglot build`, and how often pyttsx3 on espeak-ng
hands back a bad WAV.

    .venv/bin/python bench/voice.py [--episodes 8] [--jobs 2] [--build] [--raw 300] [--fresh 100]

Episodes are the sample project's own scripts, made by the script stage, spoken into a
fresh cache each time. `--build` builds a copy of the sample project without audio,
with audio into an empty cache, and again with everything cached. `--raw N` calls
pyttsx3 the naive way (save_to_file + runAndWait, then read the file) N times and
then N times through diglot's engine, and counts the files that fail verification
or differ in length from the espeak-ng command line's; `--fresh N` makes the naive
call as the first utterance of N fresh processes (where the rate is most often lost).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from collections import Counter
from dataclasses import replace
from pathlib import Path

from diglot import audio, config, pipeline, tts
from diglot.model import EpisodeScript
from diglot.stages import voice

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = [
    ("en-us", "Hello and welcome to Continuous Improvement, a podcast about small steps."),
    ("en-us", "First, we measure; then, we change one thing: only one."),
    ("cmn-latn-pinyin", "持續改進，每天進步一點點，然後再看一次。"),
    ("en-us", "Kaizen."),
]


def scripts_from_content(count: int) -> tuple[config.Config, list[EpisodeScript]]:
    """The sample project's configuration and its first `count` episode scripts."""
    project = pipeline.load_project(ROOT)
    return project.config, list(pipeline.podcast_scripts(project)[:count])


def speed(cfg: config.Config, scripts: list[EpisodeScript], jobs: int) -> tuple[float, float]:
    """(audio seconds, wall seconds) of speaking every script into an empty cache."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        start = time.perf_counter()
        episodes = voice.speak(scripts, replace(cfg, root=root), jobs=jobs)
        wall = time.perf_counter() - start
    return sum(e.duration for e in episodes), wall


def build_costs(jobs: int) -> list[tuple[str, float, str]]:
    """(step, wall seconds, summary) of building a copy of the sample project."""
    steps = [("no audio", False), ("audio, empty cache", True), ("audio, all cached", True)]
    made = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "sample"
        shutil.copytree(ROOT / "content", root / "content")
        for name in ("site.toml", "episodes.lock"):
            shutil.copy(ROOT / name, root / name)
        for name, audio in steps:
            options = pipeline.BuildOptions(jobs=jobs, audio=audio)
            start = time.perf_counter()
            report = pipeline.build(root, options)
            made.append((name, time.perf_counter() - start, report.summary(root)))
    return made


def reference_frames(voice_name: str, text: str, rate: int, scratch: Path) -> int:
    path = scratch / "reference.wav"
    subprocess.run(
        ["espeak-ng", "-v", voice_name, "-s", str(rate), "-w", str(path), text], check=True
    )
    with wave.open(str(path)) as wav:
        return wav.getnframes()


def verdict(path: Path, expected: int) -> str:
    try:
        pcm = audio.read_wav(path)
    except audio.BadWav as exc:
        return str(exc).split(":")[0]
    # the driver may add a few ms of a previous utterance's tail; more is a wrong length
    return "ok" if abs(len(pcm.samples) - expected) < 0.05 * expected else "wrong length"


def raw_failures(count: int, rate: int = 165) -> tuple[Counter[str], Counter[str]]:
    import pyttsx3

    naive, guarded = Counter[str](), Counter[str]()
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        expected = {t: reference_frames(v, t, rate, scratch) for v, t in SENTENCES}
        engine = pyttsx3.init("espeak")
        for i in range(count):
            voice_name, text = SENTENCES[i % len(SENTENCES)]
            path = scratch / f"naive-{i}.wav"
            with contextlib.redirect_stdout(io.StringIO()):
                engine.setProperty("voice", voice_name)
                engine.setProperty("rate", rate)
                engine.save_to_file(text, str(path))
                engine.runAndWait()
            naive[verdict(path, expected[text])] += 1
        time.sleep(1)  # let the last naive utterance finish before the guarded runs
        good = tts.Pyttsx3Engine()
        for i in range(count):
            voice_name, text = SENTENCES[i % len(SENTENCES)]
            path = scratch / f"guarded-{i}.wav"
            good.synthesize(text, voice_name, rate, path)
            guarded[verdict(path, expected[text])] += 1
    return naive, guarded


_FRESH = """
import contextlib, io, os, sys, pyttsx3
engine = pyttsx3.init("espeak")
engine.setProperty("voice", sys.argv[1]); engine.setProperty("rate", int(sys.argv[2]))
with contextlib.redirect_stdout(io.StringIO()):
    engine.save_to_file(sys.argv[3], sys.argv[4]); engine.runAndWait()
print("there" if os.path.exists(sys.argv[4]) else "missing")
"""


def fresh_failures(count: int, rate: int = 165) -> tuple[Counter[str], Counter[str]]:
    """The naive call as the first utterance of a fresh process, `count` times:
    (was the file there when runAndWait returned, verdict on it a moment later)."""
    at_return, verdicts = Counter[str](), Counter[str]()
    voice_name, text = SENTENCES[0]
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        expected = reference_frames(voice_name, text, rate, scratch)
        for i in range(count):
            path = scratch / f"fresh-{i}.wav"
            run = [sys.executable, "-c", _FRESH, voice_name, str(rate), text, str(path)]
            done = subprocess.run(run, capture_output=True, text=True, check=True)
            at_return[done.stdout.strip().splitlines()[-1]] += 1
            time.sleep(0.05)
            verdicts[verdict(path, expected)] += 1
    return at_return, verdicts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--build", action="store_true", help="what audio costs a build")
    parser.add_argument("--raw", type=int, default=0, help="naive vs guarded engine calls")
    parser.add_argument("--fresh", type=int, default=0, help="naive calls in fresh processes")
    args = parser.parse_args()
    print(f"engine: {tts.engine_version()}")
    cfg, scripts = scripts_from_content(args.episodes)
    for jobs in (1, args.jobs):
        seconds, wall = speed(cfg, scripts, jobs)
        print(
            f"jobs={jobs}: {len(scripts)} episodes, {seconds:.0f} s of audio in {wall:.1f} s "
            f"= {seconds / wall:.0f} s of audio per second"
        )
    if args.build:
        for name, wall, summary in build_costs(args.jobs):
            print(f"build, {name}: {wall:.2f} s ({summary})")
    if args.raw:
        naive, guarded = raw_failures(args.raw)
        for name, counts in (("naive pyttsx3", naive), ("diglot engine", guarded)):
            bad = args.raw - counts["ok"]
            print(f"{name}: {bad}/{args.raw} bad ({100 * bad / args.raw:.1f}%) {dict(counts)}")
    if args.fresh:
        at_return, verdicts = fresh_failures(args.fresh)
        print(f"naive pyttsx3, first utterance of a process: at return {dict(at_return)}, ", end="")
        print(f"after 50 ms {dict(verdicts)}")


if __name__ == "__main__":
    main()
