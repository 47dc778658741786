"""``{% url %}`` with the links that take no arguments kept per process.

Installed as a builtin (``TEMPLATES`` ``OPTIONS["builtins"]``), so it replaces Django's tag
in every template. A page's header, footer and breadcrumbs reverse about 16 such names,
at about 36 µs each: 0.6 ms of a 4.7 ms job page, measured for the proxy's cache-miss
storm (bench/README.md), where every request is a render. A link without arguments is
the same for every request that shares what ``reverse`` reads: the resolver (a new one
after ``clear_url_caches``), the script prefix, the current app (namespaced admin sites)
and the language (translated patterns). All four are in the key. Links with arguments,
and ``{% url … as var %}``, are Django's own.
"""

from functools import lru_cache

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=1024)
def kept_reverse(view_name: str, current_app, resolver, script_prefix, language) -> str:
    """``reverse(view_name)``, once per process for each key (the arguments after the name
    only make the key: ``reverse`` reads them from the thread's state)."""
    return reverse(view_name, current_app=current_app)


def _current_app(context):
    # As Django's URLNode finds it (without raising on every request that has none).
    request = getattr(context, "request", None)
    if hasattr(request, "current_app"):
        return request.current_app
    return getattr(getattr(request, "resolver_match", None), "namespace", None)


class KeptURLNode(URLNode):
    def render(self, context):
        if self.args or self.kwargs or self.asvar:
            return super().render(context)
        view_name = self.view_name.resolve(context)
        # NoReverseMatch is raised as Django's tag raises it (lru_cache keeps no errors).
        link = kept_reverse(
            view_name,
            _current_app(context),
            get_resolver(get_urlconf()),
            get_script_prefix(),
            get_language(),
        )
        return conditional_escape(link) if context.autoescape else link


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)
