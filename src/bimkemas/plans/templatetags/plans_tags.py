from django import template

register = template.Library()


@register.filter
def share(row, key):
    """A coverage row's Share for a measure key: {{ report.total|share:m.key }}."""
    return row.share(key)
