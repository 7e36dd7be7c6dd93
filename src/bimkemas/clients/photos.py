"""Checking an uploaded client photo: a real JPEG or PNG, not larger than CLIENTS_PHOTO_MAX_BYTES.

(The portal's `photo_from_bytes` also accepts WebP and reads PORTAL_PHOTO_MAX_BYTES; both judge the bytes with
`core.images.image_kind`.)"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from bimkemas.core.images import image_kind

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
    ext = image_kind(raw)
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
