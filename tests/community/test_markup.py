from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from community.markup import (
    MAX_RAW_TAGS,
    MarkdownFormField,
    MarkdownHTMLField,
    markdown_to_text,
    render_markdown,
    text_length_constraint,
)


def test_markdown_renders_basic_formatting():
    html = render_markdown("# Title\n\nSome **bold** text and a [link](https://python.org).")
    assert "<strong>bold</strong>" in html
    assert 'href="https://python.org"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_scripts_event_handlers_and_javascript_urls_never_survive():
    html = render_markdown(
        "<script>alert(1)</script>\n\n"
        '<img src=x onerror="alert(2)">\n\n'
        "[click](javascript:alert(3))\n\n"
        '<a href="JaVaScRiPt:alert(4)">x</a>'
    )
    lowered = html.lower()
    assert "<script" not in lowered
    assert "onerror" not in lowered
    assert "javascript:" not in lowered


def test_text_the_parser_cannot_handle_is_shown_escaped(caplog):
    with mock.patch("community.markup.commonmark_to_html", side_effect=RecursionError):
        html = render_markdown("<b>broken</b> [[[")
    assert "&lt;b&gt;broken&lt;/b&gt;" in html
    # Logged as a warning with the traceback: a parser failure is a bug to look at.
    (record,) = caplog.records
    assert (record.levelname, record.getMessage()) == (
        "WARNING",
        "Markdown could not be rendered; showing it escaped",
    )
    assert record.exc_info[0] is RecursionError


def test_markdown_to_text_strips_markup_for_mail_and_feeds():
    assert (
        markdown_to_text("Hello **world** & <script>x</script>friends") == "Hello world & friends"
    )


def test_the_reused_parser_carries_nothing_from_one_text_to_the_next():
    first = render_markdown(
        "[a link][ref]\n\n[ref]: https://python.org\n\nText[^1]\n\n[^1]: A note"
    )
    assert "python.org" in first
    second = render_markdown("[a link][ref]")
    assert "python.org" not in second
    assert "A note" not in second


# --- the Markdown form field and the stored-HTML model field ------------------------------


def test_markdown_field_counts_line_breaks_once_whatever_the_browser_sent():
    field = MarkdownFormField(max_length=5, required=False)
    assert field.clean("a\r\nb\rc") == "a\nb\nc"
    assert field.clean("ab\r\ncd") == "ab\ncd"  # 5 characters once CR LF is one


def test_markdown_field_limit_names_both_lengths_with_its_code():
    field = MarkdownFormField(max_length=10_000, required=False)
    with pytest.raises(ValidationError) as refused:
        field.clean("x" * 10_001)
    [error] = refused.value.error_list
    assert error.code == "max_length"
    assert error.message == "Keep this to at most 10,000 characters; it has 10,001."


def test_stored_html_field_deconstructs_to_its_source_only():
    # Its defaults (not editable, blank, empty) are the field's own: a migration only
    # names the source, so changing nothing makes no migration.
    _, path, args, kwargs = MarkdownHTMLField(source="description").deconstruct()
    assert (path, args, kwargs) == (
        "community.markup.MarkdownHTMLField",
        [],
        {"source": "description"},
    )
    _, _, _, kwargs = MarkdownHTMLField(source="body", editable=True).deconstruct()
    assert kwargs == {"source": "body", "editable": True}


def test_text_length_constraint_checks_the_fields_length_against_the_limit():
    constraint = text_length_constraint("description", 10_000, name="post_description_length")
    assert constraint == models.CheckConstraint(
        condition=LessThanOrEqual(Length("description"), 10_000), name="post_description_length"
    )


def test_stored_html_field_takes_its_verbose_name_by_position_like_any_field():
    assert MarkdownHTMLField("rendered description", source="description").verbose_name == (
        "rendered description"
    )


def test_the_stored_html_is_its_sources_markdown_rendered_and_kept_on_the_instance():
    field = MarkdownHTMLField(source="description")
    field.set_attributes_from_name("description_html")
    instance = SimpleNamespace(description="Some **bold** text", description_html="")
    html = field.pre_save(instance, add=False)
    assert html == "<p>Some <strong>bold</strong> text</p>\n"
    assert instance.description_html == html  # the saved object shows what was stored


def test_only_the_listed_attributes_survive_even_ones_harmless_elsewhere():
    html = render_markdown(
        '<table><tr><td align="right" colspan="2" abbr="n">1</td></tr></table>\n\n'
        '<blockquote cite="https://example.org">q</blockquote>'
    )
    assert '<td align="right">1</td>' in html
    assert "<blockquote>" in html


@pytest.mark.parametrize("href", ["ftp://example.org/f", "tel:+123", "webcal://example.org/c"])
def test_links_keep_only_web_and_mail_addresses(href):
    html = render_markdown(f'<a href="{href}">there</a> and [mail](mailto:a@example.org)')
    assert href not in html
    assert ">there</a>" in html
    assert 'href="mailto:a@example.org"' in html


def test_past_the_raw_tag_cap_no_raw_tag_survives_even_unnested():
    html = render_markdown("<b>bold</b> " * (MAX_RAW_TAGS + 1))
    assert "<b>" not in html
    assert "bold" in html
    assert "<b>bold</b>" in render_markdown("<b>bold</b> " * MAX_RAW_TAGS)  # at the cap
