"""Markdown → sanitised HTML, the one place user-written text becomes markup.

The parser is cmark-gfm (GitHub's CommonMark, in C) through ``cmarkgfm``: its cost is
linear in its input, with a test suite of pathological inputs behind it. Python-Markdown,
before it, took 26 s on 10,000 ``[`` characters; markdown-it-py is linear but spent about
100 ms there (10 µs a character); cmark-gfm takes about 2 ms (``bench/markdown.py``).
Every text that is rendered also has a length limit (``README.md``, "Limits").
"""

import html as html_lib
import logging
import re
from importlib.metadata import version

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong",
    "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitise_html(html: str) -> str:
    """Keep only harmless tags; links get rel=nofollow and no script URLs survive."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )


# GitHub's extensions minus the task lists (no <input> survives the sanitiser anyway).
EXTENSIONS = ["table", "strikethrough", "autolink"]
# Without raw HTML (cmark writes "raw HTML omitted" in its place) every tag in the
# output is one cmark wrote, with escaped attributes: the nesting count below reads
# that rendering. With raw HTML, nh3 decides what survives (a <script> goes with its
# content; <sup> or <abbr> written by hand stay), as it did with the earlier parser.
WITHOUT_RAW_HTML = Options.CMARK_OPT_DEFAULT
WITH_RAW_HTML = Options.CMARK_OPT_UNSAFE
# What stored HTML depends on besides its text: when this changes, stored renderings
# are stale (jobs re-render theirs in a data migration, events.ics keys its text on it).
RENDERER = f"cmarkgfm {version('cmarkgfm')}|nh3 {version('nh3')}|guards 2"

# cmark is linear, but two shapes make its *output* expensive to sanitise (measured in
# bench/markdown.py at 10,000 characters): a table row is padded to the header's width,
# so 1,250 columns x 2,500 short rows wrote 5 MB of HTML (cmark 80-160 ms, nh3 370 ms);
# and nh3's HTML parser is quadratic in nesting depth (10,000 ">" took 270 ms).
# Text past these bounds is shown as escaped paragraphs instead: nobody writes it.
MAX_TABLE_COLUMNS = 20
MAX_NESTING = 100
# Raw HTML can nest no deeper than its own tags; past this many, it is left out.
MAX_RAW_TAGS = 100
_RAW_TAG = re.compile(r"<[A-Za-z]")
MAX_HTML_PER_CHARACTER = 10
HTML_SLACK = 10_000
_TABLE_DELIMITER_CHARACTERS = frozenset("|-: \t")
_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)")
_VOID_TAGS = frozenset({"br", "hr", "img", "input"})


class MarkupTooComplex(ValueError):
    """Markdown whose HTML would cost too much to sanitise (see the bounds above)."""


def commonmark_to_html(text: str, *, raw_html: bool = False) -> str:
    """Unsanitised HTML of CommonMark ``text`` (with tables, strikethrough, autolinks)."""
    return cmarkgfm.markdown_to_html_with_extensions(
        text, options=WITH_RAW_HTML if raw_html else WITHOUT_RAW_HTML, extensions=EXTENSIONS
    )


def _refuse_wide_tables(text: str) -> None:
    if text.count("|") <= MAX_TABLE_COLUMNS:
        return
    for line in text.splitlines():
        if line.count("|") > MAX_TABLE_COLUMNS and set(line) <= _TABLE_DELIMITER_CHARACTERS:
            raise MarkupTooComplex(f"a table of more than {MAX_TABLE_COLUMNS} columns")


def _check_html_cost(html: str, text_length: int) -> None:
    if len(html) > MAX_HTML_PER_CHARACTER * text_length + HTML_SLACK:
        raise MarkupTooComplex(f"{len(html):,} bytes of HTML from {text_length:,} characters")
    depth = deepest = 0
    for closing, tag in _TAG.findall(html):
        if closing:
            depth -= 1
        elif tag not in _VOID_TAGS:
            depth += 1
            deepest = max(deepest, depth)
    if deepest > MAX_NESTING:
        raise MarkupTooComplex(f"elements nested {deepest} deep")


def render_markdown(text: str) -> SafeString:
    """Render user Markdown to safe HTML.

    Text that the Markdown parser chokes on, or whose HTML would cost too much to
    sanitise, is still shown, escaped, so a broken post can always be read and moderated.
    """
    if not text:
        return mark_safe("")
    try:
        _refuse_wide_tables(text)
        html = commonmark_to_html(text)
        _check_html_cost(html, len(text))
        # The same document with its raw HTML adds at most one level per raw tag and
        # the tags' own bytes, so the checks above still bound it.
        raw_tags = len(_RAW_TAG.findall(text))
        if 0 < raw_tags <= MAX_RAW_TAGS:
            html = commonmark_to_html(text, raw_html=True)
    except MarkupTooComplex as exc:
        logger.info("Markdown shown escaped: %s", exc)
        return mark_safe(linebreaks(escape(text)))
    except Exception:
        logger.warning("Markdown could not be rendered; showing it escaped", exc_info=True)
        return mark_safe(linebreaks(escape(text)))
    return mark_safe(sanitise_html(html))


def html_to_text(html: str) -> str:
    """Plain text of sanitised HTML (``render_markdown``'s), for summaries and metadata."""
    return html_lib.unescape(nh3.clean(str(html), tags=set())).strip()


def markdown_to_text(text: str) -> str:
    """Plain text of a Markdown document, for feeds' summaries and e-mails."""
    return html_to_text(render_markdown(text))


class MarkdownHTMLField(models.TextField):
    """The sanitised HTML of another field's Markdown, rendered whenever the row is saved.

    Pages and feeds read it instead of rendering on every request (a feed of 50 posts
    spent 43 ms in Markdown). ``save()``, ``create()`` and ``bulk_create()`` render it
    through ``pre_save``; the model keeps ``save(update_fields=…)``, ``bulk_update()``
    and ``update()`` right with ``markdown_html_fields``. When the renderer or the
    sanitiser's rules change, a data migration re-renders the stored rows.
    """

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        # Left out where they are this field's defaults, kept where they differ (Field's
        # deconstruct would drop editable=True, Field's default but not this field's).
        for key, default in (("editable", False), ("blank", True), ("default", "")):
            value = getattr(self, key)
            if value == default:
                kwargs.pop(key, None)
            else:
                kwargs[key] = value
        return name, path, args, kwargs

    def render(self, instance) -> str:
        return str(render_markdown(getattr(instance, self.source)))

    def pre_save(self, instance, add):
        html = self.render(instance)
        setattr(instance, self.attname, html)
        return html


def markdown_html_fields(model, names) -> list[MarkdownHTMLField]:
    """The stored-HTML fields of ``model`` whose Markdown source is among ``names``."""
    names = set(names)
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, MarkdownHTMLField) and field.source in names
    ]


# --- length limits ----------------------------------------------------------------------


class TextLengthValidator(MaxLengthValidator):
    """A length limit whose message gives both numbers as people write them (10,000)."""

    def __call__(self, value):
        if len(value) > self.limit_value:
            raise ValidationError(
                f"Keep this to at most {self.limit_value:,} characters; it has {len(value):,}.",
                code="max_length",
            )


class MarkdownFormField(forms.CharField):
    """A Markdown textarea, limited by its model field's ``max_length``.

    Browsers send a line break as CR LF but count it once for ``maxlength``; the text
    is stored with LF only, so what the page let someone type is what the limit counts.
    """

    widget = forms.Textarea

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.validators = [
            TextLengthValidator(v.limit_value) if isinstance(v, MaxLengthValidator) else v
            for v in self.validators
        ]

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


def text_length_constraint(field: str, limit: int, *, name: str) -> models.CheckConstraint:
    """The database's half of a text field's length limit (forms give the message)."""
    return models.CheckConstraint(condition=LessThanOrEqual(Length(field), limit), name=name)
