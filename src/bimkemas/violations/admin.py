from django.contrib import admin

from bimkemas.violations.models import Limit


@admin.register(Limit)
class LimitAdmin(admin.ModelAdmin):
    """Administrators enter a rule change as a new row and close the old one (valid_until)."""

    list_display = ("code", "value", "valid_from", "valid_until", "source")
    list_filter = ("code",)
