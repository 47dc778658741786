from django import forms
from django.test import SimpleTestCase

from community.countries import COUNTRIES
from community.widgets import LongSelect

CHOICES = [("", "Any country"), *COUNTRIES]


class Filter(forms.Form):
    country = forms.ChoiceField(choices=CHOICES, required=False, widget=LongSelect)
    plain = forms.ChoiceField(choices=CHOICES, required=False)


class LongSelectTests(SimpleTestCase):
    def test_renders_the_same_markup_as_django_select(self):
        for data in ({}, {"country": "DE", "plain": "DE"}, {"country": "<x>", "plain": "<x>"}):
            form = Filter(data)
            form.is_valid()
            ours = str(form["country"]).replace('name="country"', 'name="plain"')
            ours = ours.replace("id_country", "id_plain")
            self.assertHTMLEqual(ours, str(form["plain"]))

    def test_marks_the_chosen_option_and_escapes_labels(self):
        widget = LongSelect(choices=[("a", "<b>A</b>"), ("b", "B")])
        html = widget.render("x", "b", attrs={"class": "form-select"})
        assert '<option value="b" selected>B</option>' in html
        assert "&lt;b&gt;A&lt;/b&gt;" in html
        assert 'class="form-select"' in html


def test_the_same_choices_rendered_again_select_only_the_new_value():
    # The escaped options are kept per choice list: the selection must not stick to them.
    widget = LongSelect(choices=[("a", "A"), ("b", "B"), ("c", "C")])
    first = widget.render("x", "a")
    html = widget.render("x", "c")
    assert '<option value="a" selected>A</option>' in first
    assert '<option value="c" selected>C</option>' in html
    assert '<option value="a">A</option>' in html
    assert html.count(" selected") == 1
