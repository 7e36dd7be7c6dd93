from django import template

from bimkemas.assessments.presenters import band_class as _band_class

register = template.Library()


@register.filter
def band_class(code: str) -> str:
    """Bootstrap badge class for a band code (rendah/sedang/tinggi)."""
    return _band_class(code or "")
