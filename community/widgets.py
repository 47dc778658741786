"""Form widgets shared by the apps."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class LongSelect(forms.Select):
    """A <select> for long flat choice lists (countries, time zones), rendered in Python.

    Django renders every <option> through a template; for the 249 countries that
    took about 10 ms a page, more than the rest of a list page together. The
    markup is the same as forms.Select's (tests/community/test_widgets.py).
    """

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if any(isinstance(label, list | tuple) for _, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups
        selected = set(self.format_value(value))  # as Select: None selects the "" option
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option_value, " selected" if str(option_value) in selected else "", label)
                for option_value, label in choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)
