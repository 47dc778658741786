"""Markdown → sanitised HTML, the one place user-written text becomes markup."""

import html as html_lib
import logging
import threading

import markdown
import nh3
from django.db import models
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


_local = threading.local()


def _parser() -> markdown.Markdown:
    """This thread's Markdown parser: building one costs more than converting a page."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = markdown.Markdown(
            extensions=["extra", "sane_lists"], output_format="html"
        )
    return parser.reset()


def render_markdown(text: str) -> SafeString:
    """Render user Markdown to safe HTML.

    Text that the Markdown parser chokes on is still shown, escaped, so a broken
    post can always be read and moderated.
    """
    if not text:
        return mark_safe("")
    try:
        html = _parser().convert(text)
    except Exception:
        logger.warning("Markdown could not be rendered; showing it escaped", exc_info=True)
        return mark_safe(linebreaks(escape(text)))
    return mark_safe(sanitise_html(html))


def markdown_to_text(text: str) -> str:
    """Plain text of a Markdown document, for feeds' summaries and e-mails."""
    return html_lib.unescape(nh3.clean(str(render_markdown(text)), tags=set())).strip()


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
        for key, default in (("editable", False), ("blank", True), ("default", "")):
            if kwargs.get(key, default) == default:
                kwargs.pop(key, None)
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
