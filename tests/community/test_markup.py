from unittest import mock

from community.markup import markdown_to_text, render_markdown


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


def test_text_the_parser_cannot_handle_is_shown_escaped():
    with mock.patch("community.markup.commonmark_to_html", side_effect=RecursionError):
        html = render_markdown("<b>broken</b> [[[")
    assert "&lt;b&gt;broken&lt;/b&gt;" in html


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
