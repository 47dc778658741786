"""Markdown that made parsers slow renders, and the shapes past the guards come out as
text. The times are in bench/markdown.py (bench/README.md); tests never time anything."""

import re

import pytest
from django.utils.safestring import SafeString

from bench.markdown import _table, pathological_inputs
from community.markup import (
    MAX_NESTING,
    MAX_RAW_TAGS,
    MAX_TABLE_COLUMNS,
    commonmark_to_html,
    render_markdown,
)

CORPUS = pathological_inputs(10_000)
# Test ids in words only: a bracket in an id ("open brackets [[[") makes the id one that
# pytest cannot select again, and mutmut selects the tests of each function by id.
CORPUS_IDS = [re.sub(r"[^\w,()]+", " ", name).strip() for name in CORPUS]


@pytest.mark.parametrize("text", CORPUS.values(), ids=CORPUS_IDS)
def test_pathological_input_renders_at_the_length_limit(text):
    html = render_markdown(text)
    assert isinstance(html, SafeString)
    assert "<script" not in html


def test_ten_thousand_brackets_render_as_the_brackets():
    assert render_markdown("[" * 10_000) == f"<p>{'[' * 10_000}</p>\n"


def test_an_ordinary_table_renders_as_a_table():
    html = render_markdown("| Level | Salary |\n|---|--:|\n| Senior | 90k |\n")
    assert "<table>" in html
    assert '<td align="right">90k</td>' in html


def test_a_table_wider_than_the_cap_is_shown_as_text():
    html = render_markdown(_table(MAX_TABLE_COLUMNS + 1, 2_000))
    assert "<table" not in html
    assert "|a|a|" in html


def test_padded_rows_that_would_multiply_the_html_are_shown_as_text():
    # Under the column cap, but 2,000 one-cell rows padded to 19 cells each.
    text = _table(MAX_TABLE_COLUMNS - 1, 6_000)
    html = render_markdown(text)
    assert "<table" not in html
    assert len(html) < 2 * len(text)


def test_nesting_deeper_than_the_cap_is_shown_as_text():
    html = render_markdown("> " * (MAX_NESTING + 1) + "deep")
    assert "<blockquote" not in html
    assert "&gt; &gt;" in html
    assert "<blockquote>" in render_markdown("> > quoted twice")


def test_raw_html_goes_through_the_sanitiser():
    html = render_markdown('Hello <img src=x onerror="alert(1)"> <b>world</b>')
    assert "<img" not in html
    assert "<b>world</b>" in html


def test_raw_html_past_the_tag_cap_is_left_out_so_it_cannot_nest_deep():
    html = render_markdown("<blockquote>" * (MAX_RAW_TAGS + 1) + "deep")
    assert "<blockquote" not in html


def table_of(columns: int, rows: int) -> str:
    """A small table with outer pipes: each line has one pipe more than it has columns."""
    line = "|" + "|".join(["a"] * columns) + "|"
    delimiter = "|" + "|".join([":--"] * columns) + "|"
    return "\n".join([line, delimiter, *[line] * rows]) + "\n"


def test_a_table_past_the_column_cap_is_text_even_when_short(caplog):
    caplog.set_level("INFO", logger="community.markup")
    html = render_markdown(table_of(MAX_TABLE_COLUMNS, 2))  # 21 pipes a line
    assert "<table" not in html
    assert caplog.messages == [
        f"Markdown shown escaped: a table of more than {MAX_TABLE_COLUMNS} columns"
    ]


def test_the_widest_table_allowed_renders_as_a_table():
    html = render_markdown(table_of(MAX_TABLE_COLUMNS - 1, 3))  # 20 pipes a line, 100 in all
    assert html.count("<tr>") == 4


def quotes_with_emphasis(levels: int) -> str:
    """Quotes nested ``levels`` deep, each holding an emphasised word: every level closes
    two elements (em, p) before it opens the next quote."""
    return "\n".join("> " * level + "*a*" for level in range(1, levels + 1)) + "\n"


def test_nesting_is_counted_through_the_elements_each_level_closes(caplog):
    caplog.set_level("INFO", logger="community.markup")
    # Level n holds blockquote x n, p, em: 60 levels reach 62 deep, 99 reach 101.
    assert render_markdown(quotes_with_emphasis(60)).count("<blockquote>") == 60
    assert "<blockquote" not in render_markdown(quotes_with_emphasis(99))
    assert caplog.messages == ["Markdown shown escaped: elements nested 101 deep"]


def test_nesting_exactly_at_the_cap_renders():
    html = render_markdown("> " * (MAX_NESTING - 1) + "deep")  # 99 quotes and a paragraph
    assert html.count("<blockquote>") == MAX_NESTING - 1


def test_html_past_its_byte_bound_is_logged_with_both_sizes(caplog):
    caplog.set_level("INFO", logger="community.markup")
    text = _table(MAX_TABLE_COLUMNS - 1, 6_000)
    html_length = len(commonmark_to_html(text))
    assert "<table" not in render_markdown(text)
    assert caplog.messages == [
        f"Markdown shown escaped: {html_length:,} bytes of HTML from {len(text):,} characters"
    ]


def test_no_text_renders_as_nothing():
    assert render_markdown("") == ""
