"""The Chinese lint end to end: exact warnings, the exact `--fix` result, and what
fixing must never touch."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diglot import markdown, pipeline, prose
from diglot.frontmatter import split
from diglot.stages import lint
from diglot.text import chinese

from conftest import FIXTURES, MakeProject, check_golden, post, run

TREE = FIXTURES / "lint"
REPOSITORY = Path(__file__).parents[2]


def copy_of_tree(tmp_path: Path) -> Path:
    root = tmp_path / "lint"
    shutil.copytree(TREE, root, ignore=shutil.ignore_patterns("expected*", "fixed", "*.diff"))
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_warnings_name_file_line_column_and_replacement(update_golden: bool) -> None:
    result = run(TREE, "check")
    assert result.exit_code == 0, result.output
    check_golden(TREE / "expected.txt", result.output, update_golden)


def test_dry_run_prints_the_diff_and_changes_nothing(tmp_path: Path, update_golden: bool) -> None:
    root = copy_of_tree(tmp_path)
    before = snapshot(root)
    result = run(root, "check", "--fix", "--dry-run")
    assert result.exit_code == 0, result.output
    check_golden(TREE / "fix.diff", result.output, update_golden)
    assert snapshot(root) == before


def test_fix_rewrites_prose_and_nothing_else(tmp_path: Path, update_golden: bool) -> None:
    root = copy_of_tree(tmp_path)
    before = snapshot(root)
    result = run(root, "check", "--fix")
    assert result.exit_code == 0, result.output
    assert result.output == (TREE / "fix.diff").read_text(encoding="utf-8") + (
        "2 pairs, 0 orphans, 0 warnings, 0 errors\n"
    )
    after = snapshot(root)
    assert sorted(after) == sorted(before)  # no temporary file left behind
    for name, data in after.items():
        if data != before[name]:
            check_golden(TREE / "fixed" / name, data.decode("utf-8"), update_golden)
            old, new = split(before[name].decode("utf-8")), split(data.decode("utf-8"))
            assert (old.opening, old.front, old.closing) == (new.opening, new.front, new.closing)
            assert _code(old.body) == _code(new.body)
    goldens = sorted(p.relative_to(TREE / "fixed").as_posix() for p in TREE.glob("fixed/**/*.md"))
    assert goldens == [name for name in sorted(after) if after[name] != before[name]]
    again = pipeline.inspect(root)
    assert [d.format() for d in again.diagnostics] == []


def test_a_file_that_does_not_parse_is_not_touched(make_project: MakeProject) -> None:
    broken = "---\ntitle: [这个软件\ndate: 2024-03-04\n---\n\n这个软件,很好。\n"
    root = make_project(
        {
            "content/posts/a.zh-tw.md": post("甲", body="这个软件,很好。\n"),
            "content/posts/b.zh-tw.md": broken,
        }
    )
    result = run(root, "check", "--fix")
    assert result.exit_code == 1
    assert "content/posts/b.zh-tw.md:3: error: front matter is not valid YAML" in result.output
    assert (root / "content/posts/b.zh-tw.md").read_text(encoding="utf-8") == broken
    assert "這個軟體，很好。" in (root / "content/posts/a.zh-tw.md").read_text(encoding="utf-8")


def test_english_and_files_without_findings_are_left_alone(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/posts/a.md": post("A", body="Software, data (and video)!\n"),
            "content/posts/a.zh-tw.md": post("甲", body="軟體與資料。\n"),
        }
    )
    before = snapshot(root)
    result = run(root, "check", "--fix")
    assert result.output == "1 pairs, 0 orphans, 0 warnings, 0 errors\n"
    assert snapshot(root) == before


def test_dry_run_needs_fix(make_project: MakeProject) -> None:
    root = make_project({"content/posts/a.zh-tw.md": post("甲")})
    result = run(root, "check", "--dry-run")
    assert result.exit_code == 2
    assert "--dry-run goes with --fix" in result.output


def test_a_file_keeps_its_line_breaks_bom_and_mode(make_project: MakeProject) -> None:
    text = "\ufeff+++\r\ntitle = '甲'\r\ndate = 2024-03-04\r\n+++\r\n\r\n这个软件\r\n"
    root = make_project({"content/posts/a.zh-tw.md": text.encode("utf-8")})
    path = root / "content/posts/a.zh-tw.md"
    path.chmod(0o640)
    run(root, "check", "--fix")
    assert path.read_bytes() == text.replace("这个软件", "這個軟體").encode("utf-8")
    assert path.stat().st_mode & 0o777 == 0o640


def test_the_sample_content_is_clean() -> None:
    project = pipeline.inspect(REPOSITORY)
    assert [d.format() for d in project.diagnostics if d.code in lint.CODES] == []


def _code(body: str) -> list[tuple[str, str]]:
    """What is not prose, as the renderer sees it: code, links, images and HTML."""
    found = []
    for token in markdown.tokens(body, unsafe_html=True):
        if token.type in ("fence", "code_block", "html_block"):
            found.append((token.type, token.content))
        for child in token.children or []:
            if child.type in ("code_inline", "html_inline"):
                found.append((child.type, child.content))
            for name in ("href", "src", "title"):
                if child.attrGet(name) is not None:
                    found.append((name, str(child.attrGet(name))))
    return found


_BLOCKS = st.sampled_from(
    [
        "这个软件很好用,我们团队的数据都放在服务器上。",
        "軟件與視頻,台灣與臺灣(干擾)!",
        "用Python寫 code 與 `pip install 软件` 的說明:",
        '見[官方文档](https://example.com/文档/软件 "软件") 與 ![软件图](a/软件.png)',
        '<span title="软件">标签</span> https://zh.wikipedia.org/wiki/软件 \\(软件\\)',
        "```\n软件,数据\n```",
        "    缩排的程式码 软件",
        "> 引用里的视频",
        "- 项目一\n- 项目二",
        "| 软件 | 数据 |\n|---|---|\n| 内存 | 默认16GB |",
        "# 标题 ##",
        '<div title="软件">\n软件\n</div>',
        "[ref]: https://example.com/软件",
        '{{< figure caption="软件" >}}',
        "Plain English, with (parentheses): and more!",
    ]
)
_DOCUMENTS = st.lists(
    st.tuples(_BLOCKS, st.sampled_from(["\n", "\n\n", "\r\n\r\n", " \n"])), max_size=12
).map(lambda parts: "".join(block + end for block, end in parts))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOCUMENTS, st.sampled_from(["off", "require", "forbid"]))
def test_fixing_changes_prose_only(body: str, spacing: str) -> None:
    rules = chinese.Rules(True, True, spacing, allow=("項目",))
    fixed = lint.fix_body(body, rules)
    assert _code(fixed) == _code(body)
    shown = {line.index: line for line in prose.lines(body)}
    for index, (old, new) in enumerate(zip(_lines(body), _lines(fixed), strict=True)):
        if index not in shown:
            assert new == old
        else:
            assert re.fullmatch(_keeping_hidden(shown[index]), new, re.DOTALL), (old, new)
    assert [f for line in prose.lines(fixed) for f in chinese.findings(line.text, rules)] == []


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("软件台灣文字ab1 ,;:?!()`*_[]<>#>-|\\\n\t&"), max_size=80))
def test_fixing_never_crashes(body: str) -> None:
    fixed = lint.fix_body(body, chinese.Rules(True, True, "require"))
    assert len(_lines(fixed)) == len(_lines(body))


def _lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


def _keeping_hidden(line: prose.Line) -> str:
    """A pattern matching any edit of `line` that keeps its hidden runs in order."""
    parts, run = [], ""
    for shown, written in zip(line.text, line.source, strict=True):
        if shown == prose.HIDDEN:
            run += written
        else:
            if run:
                parts.append(re.escape(run))
                run = ""
            if not parts or parts[-1] != ".*?":
                parts.append(".*?")
    if run:
        parts.append(re.escape(run))
    return "".join(parts)
