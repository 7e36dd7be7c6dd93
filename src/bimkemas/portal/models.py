"""The client's own login to the portal: NIK + a 6-digit PIN set (and reset) by their PK."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ClientAccount(models.Model):
    """One per person (a person with a new case keeps the PIN). The PIN is hashed like a password."""

    person = models.OneToOneField(
        "clients.Person", on_delete=models.CASCADE, related_name="portal_account", verbose_name=_("klien")
    )
    pin_hash = models.CharField(max_length=128)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    pin_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    pin_set_at = models.DateTimeField(null=True, blank=True)
    last_login_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("akun portal klien")
        verbose_name_plural = _("akun portal klien")

    def __str__(self) -> str:
        return f"portal:{self.person_id}"

    def is_locked(self, now=None) -> bool:
        return bool(self.locked_until and self.locked_until > (now or timezone.now()))
