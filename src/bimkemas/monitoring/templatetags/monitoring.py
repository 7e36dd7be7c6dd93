from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import number_format

register = template.Library()


@register.filter
def cell(value, kind):
    """A table cell as shown on the page: integers grouped, rates as percentages (rounded: Django's
    number_format cuts floats off), None as a dash."""
    if value is None:
        return "—"
    if kind == "pct":
        return f"{number_format(round(value * 100, 1), 1)}%"
    if kind == "int" and isinstance(value, int):
        return intcomma(value)
    return value
