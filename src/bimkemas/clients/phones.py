"""Phone numbers to E.164 (default region Indonesia)."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def phone_e164(raw: str) -> str:
    raw = (raw or "").strip()
    try:
        number = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("Nomor telepon %(raw)s tidak dapat dibaca.") % {"raw": raw}) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Nomor telepon %(raw)s tidak valid.") % {"raw": raw})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
