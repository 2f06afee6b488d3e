"""What a derived edition costs `diglot build`: the same corpus built with and without
`[derived.zh-cn]` (tw2sp), interleaved, cold builds, median of N runs; then one serial
build in this process that adds up the time spent in OpenCC itself.

    .venv/bin/python bench/derived.py --pairs 1000 [--repeat 3] [--jobs N]
    .venv/bin/python bench/derived.py --project .     # the sample site

Not a test: the numbers go into bench/README.md.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bench as harness  # bench/bench.py: measure, median, the corpus's site.toml

from diglot import pipeline
from diglot.text import conversion

DERIVED = '[derived.zh-cn]\nfrom = "zh-tw"\nconversion = "tw2sp"\n'


def projects(args: argparse.Namespace, work: Path) -> dict[str, Path]:
    """The project without and with the derived edition (copies of it)."""
    if args.project:
        source = args.project.resolve()
        plain = _without_zh_cn((source / "site.toml").read_text(encoding="utf-8"))
    else:
        source = args.out / f"corpus-{args.pairs}"
        if not (source / "content" / "posts").is_dir():
            command = [sys.executable, str(args.generator), "--pairs", str(args.pairs)]
            subprocess.run([*command, "--out", str(source)], check=True)
        plain = harness.SITE_TOML
    made = {}
    for name, toml in (("without", plain), ("with zh-cn", plain + "\n" + DERIVED)):
        folder = work / name.replace(" ", "-")
        skip = shutil.ignore_patterns("*.zh-cn.md") if name == "without" else None
        shutil.copytree(source / "content", folder / "content", ignore=skip)
        if (source / "templates").is_dir():
            shutil.copytree(source / "templates", folder / "templates")
        (folder / "site.toml").write_text(toml, encoding="utf-8")
        made[name] = folder
    return made


def _without_zh_cn(toml: str) -> str:
    """site.toml without its [derived.zh-cn] table and zh-cn tag names."""
    kept, inside = [], False
    for line in toml.splitlines(keepends=True):
        if line.startswith("["):
            inside = line.strip() == "[derived.zh-cn]"
        if not inside and not line.startswith("zh-cn ="):
            kept.append(line)
    return "".join(kept)


def opencc_seconds(project: Path, output: Path) -> tuple[float, float, int]:
    """(build seconds, seconds inside OpenCC, OpenCC calls) of one serial build."""
    spent, calls = [0.0], [0]
    real = conversion._converter

    class Timed:
        def __init__(self, converter: object) -> None:
            self.converter = converter

        def convert(self, text: str) -> str:
            started = time.perf_counter()
            try:
                return self.converter.convert(text)  # type: ignore[attr-defined, no-any-return]
            finally:
                spent[0] += time.perf_counter() - started
                calls[0] += 1

    conversion._converter = lambda name: Timed(real(name))  # type: ignore[assignment]
    try:
        started = time.perf_counter()
        pipeline.build(project, pipeline.BuildOptions(output=output, jobs=1))
        return time.perf_counter() - started, spent[0], calls[0]
    finally:
        conversion._converter = real  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--project", type=Path, help="a project instead of a generated corpus")
    parser.add_argument("--generator", type=Path, default=harness.DEFAULT_GENERATOR)
    parser.add_argument("--out", type=Path, default=harness.REPO / "bench" / "out")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0, help="diglot --jobs (default: cores)")
    args = parser.parse_args()
    args.out = args.out.resolve()
    diglot = str(Path(sys.executable).with_name("diglot"))
    with tempfile.TemporaryDirectory(dir=args.out if args.out.is_dir() else None) as tmp:
        work = Path(tmp)
        runs: dict[str, list[harness.Run]] = {}
        found = projects(args, work)
        for _ in range(args.repeat):
            for name, project in found.items():
                output = work / f"site-{project.name}"
                shutil.rmtree(output, ignore_errors=True)
                command = [diglot, "--project", str(project), "build", "--output", str(output)]
                command += ["--jobs", str(args.jobs)] if args.jobs else []
                runs.setdefault(name, []).append(harness.measure(command, work, output))
        print(f"cold builds, median of {args.repeat}:")
        print("| edition set | wall s | CPU s | all processes MB | files |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for name, measured in runs.items():
            r = harness.median(measured)
            print(f"| {name} | {r.wall:.2f} | {r.cpu:.2f} | {r.memory_mb:.0f} | {r.rewritten} |")
        plain, derived = (harness.median(r) for r in runs.values())
        print(f"with zh-cn / without: wall {derived.wall / plain.wall:.2f}x, ", end="")
        print(f"CPU {derived.cpu / plain.cpu:.2f}x")
        total, spent, calls = opencc_seconds(found["with zh-cn"], work / "serial")
        print(f"serial build in-process: {total:.2f} s, of which OpenCC {spent:.3f} s ", end="")
        print(f"({100 * spent / total:.1f} %) in {calls} calls")


if __name__ == "__main__":
    main()
