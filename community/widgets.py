"""Form widgets shared by the apps."""

from functools import lru_cache

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


@lru_cache(maxsize=64)
def _options(choices: tuple) -> tuple[tuple[str, str], ...]:
    """(value, escaped <option>) per choice, built once per distinct choice list."""
    return tuple(
        (str(value), format_html('<option value="{}">{}</option>', value, label))
        for value, label in choices
    )


class LongSelect(forms.Select):
    """A <select> for long flat choice lists (countries, time zones), rendered in Python.

    Django renders every <option> through a template; for the 249 countries that
    took about 10 ms a page, more than the rest of a list page together. The
    options are escaped once per process and only the chosen ones are re-marked.
    The markup is the same as forms.Select's (tests/community/test_widgets.py).
    """

    def render(self, name, value, attrs=None, renderer=None):
        choices = tuple(self.choices)
        if any(isinstance(label, list | tuple) for _, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups
        selected = set(self.format_value(value))  # as Select: None selects the "" option
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        options = "".join(
            html.replace(">", " selected>", 1) if option_value in selected else html
            for option_value, html in _options(choices)
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), mark_safe(options))
