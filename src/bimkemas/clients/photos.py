"""Checking an uploaded client photo: a real JPEG or PNG, not larger than CLIENTS_PHOTO_MAX_BYTES.

(The portal's `photo_from_bytes` also accepts WebP and reads PORTAL_PHOTO_MAX_BYTES, and importing the
portal's services from here would import contacts and cases into clients; hence this small helper.)"""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

_IMAGE_TYPES = {b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


def photo_max_bytes() -> int:
    return int(getattr(settings, "CLIENTS_PHOTO_MAX_BYTES", 3 * 1024 * 1024))


def photo_check(upload: File) -> ContentFile:
    """The uploaded photo as a file to store, or a ValidationError on `photo` naming what is wrong. The size
    is checked before the file is read."""
    size = upload.size
    if size > photo_max_bytes():
        raise ValidationError(
            {
                "photo": _("Foto terlalu besar (%(size)s); maksimal %(max)s.")
                % {"size": filesizeformat(size), "max": filesizeformat(photo_max_bytes())}
            }
        )
    upload.seek(0)
    raw = upload.read()
    ext = next((e for magic, e in _IMAGE_TYPES.items() if raw.startswith(magic)), None)
    if ext:
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(raw)) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            ext = None
    if ext is None:
        raise ValidationError(
            {
                "photo": _(
                    "Berkas bukan foto JPG atau PNG yang dapat dibaca. Pilih foto berformat JPG atau PNG."
                )
            }
        )
    return ContentFile(raw, name=f"photo.{ext}")


def photo_content_type(name: str) -> str:
    return CONTENT_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
