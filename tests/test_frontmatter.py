from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diglot.frontmatter import FrontMatterError, Split, key_line, parse, split


def test_yaml_front_matter_is_split_from_the_body() -> None:
    parts = split("---\ntitle: Hi\ndate: 2024-03-04\n---\n\n# Body\n")
    assert parts.format == "yaml"
    assert parse(parts) == {"title": "Hi", "date": dt.date(2024, 3, 4)}
    assert parts.body == "\n# Body\n"
    assert parts.body_line == 5


def test_toml_front_matter() -> None:
    parts = split('+++\ntitle = "Hi"\ntags = ["a"]\n+++\nBody\n')
    assert parts.format == "toml"
    assert parse(parts) == {"title": "Hi", "tags": ["a"]}
    assert parts.body_line == 5


def test_no_front_matter_means_all_body() -> None:
    parts = split("# Just Markdown\n")
    assert parts.format == ""
    assert parse(parts) == {}
    assert parts.body == "# Just Markdown\n"


def test_yaml_may_close_with_dots_and_keeps_crlf_and_bom() -> None:
    text = "\ufeff---\r\ntitle: Hi\r\n...\r\nBody\r\n"
    parts = split(text)
    assert parts.join() == text
    assert parse(parts)["title"] == "Hi"


def test_unterminated_front_matter_names_line_one() -> None:
    with pytest.raises(FrontMatterError) as info:
        split("---\ntitle: x\n\nbody\n")
    assert info.value.line == 1
    assert "never closed" in info.value.message


def test_yaml_error_is_placed_on_its_file_line() -> None:
    with pytest.raises(FrontMatterError) as info:
        parse(split("---\ntitle: ok\nbad: [1, 2\nother: 3\n---\n"))
    assert info.value.line >= 3


def test_impossible_date_stays_a_string_for_the_loader_to_report() -> None:
    assert parse(split("---\ndate: 2024-13-01\n---\n"))["date"] == "2024-13-01"


def test_key_line_finds_the_key() -> None:
    parts = split("---\ntitle: a\ndate: 2024-01-01\n---\n")
    assert key_line(parts, "date") == 3
    assert key_line(parts, "missing") == 1


lines = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
documents = st.lists(
    st.one_of(
        st.sampled_from(["---", "+++", "...", "--- ", "---\r", "\ufeff---", "title: x", ""]), lines
    ),
    max_size=12,
).map("\n".join)


@given(documents)
def test_split_never_crashes_and_round_trips(text: str) -> None:
    try:
        parts = split(text)
    except FrontMatterError as exc:
        assert exc.line == 1
        return
    assert parts.join() == text
    assert isinstance(parts, Split)


def _split_by_lines(text: str) -> tuple[str, str, str, str, int] | None:
    """What `split` must find, the slow way: every line of the file, the first closer."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = re.findall(r"[^\n]*(?:\n|$)", text.removeprefix(bom))
    first = lines[0].rstrip()
    if first not in ("---", "+++") or not lines[0].endswith("\n"):
        return None
    closers = {first, "..."} if first == "---" else {first}
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in closers:
            front, body = "".join(lines[1:index]), "".join(lines[index + 1 :])
            return bom + lines[0], front, line, body, index + 2
    return None


@given(documents.map(lambda text: text + "\nbody ---\n\n---\n"))
def test_split_finds_the_first_closing_line(text: str) -> None:
    expected = _split_by_lines(text)
    try:
        parts = split(text)
    except FrontMatterError:
        assert expected is None
        return
    if expected is None:
        assert parts.format == "" and parts.body == text
    else:
        assert (parts.opening, parts.front, parts.closing, parts.body, parts.body_line) == expected


@given(documents)
def test_parse_raises_only_front_matter_errors(text: str) -> None:
    try:
        result = parse(split(text))
    except FrontMatterError as exc:
        assert exc.line >= 1
        return
    assert isinstance(result, dict)


@given(
    st.dictionaries(
        # YAML 1.1 reads the keys y, n, yes, no, on, off, true and false as booleans
        st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True).filter(
            lambda k: k not in {"y", "n", "yes", "no", "on", "off", "true", "false"}
        ),
        st.one_of(
            st.text(
                alphabet=st.characters(whitelist_categories=("L", "N", "P", "S", "Zs")), max_size=20
            ),
            st.integers(),
            st.booleans(),
        ),
        max_size=6,
    ),
    st.text(max_size=80),
)
def test_yaml_written_as_json_round_trips_through_split_and_parse(fields: dict, body: str) -> None:
    import json

    front = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in fields.items())
    text = f"---\n{front}---\n{body}"
    parts = split(text)
    assert parts.body == body
    assert parse(parts) == fields
