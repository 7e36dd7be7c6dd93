"""Photos made in memory and set through the real service."""

import io
import os

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from bimkemas.clients.forms import PersonForm
from bimkemas.clients.services import person_update


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (64, 64), *, noise: bool = False) -> bytes:
    if noise:  # incompressible, so that the file is large
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (180, 120, 90))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def upload(raw: bytes | None = None, name: str = "foto.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, image_bytes() if raw is None else raw, content_type=content_type)


def person_post(person) -> dict:
    """The person edit form's fields as they are now (prefix "p")."""
    data = {}
    for key, value in PersonForm.initial_for(person).items():
        data[f"p-{key}"] = (
            value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else value)
        )
    return data


def give_photo(actor, case, raw: bytes | None = None):
    """Set the client's photo through person_update, the person's data unchanged."""
    form = PersonForm(person_post(case.person), prefix="p")
    assert form.is_valid(), form.errors
    return person_update(actor=actor, person=case.person, data=form.to_data(), photo=upload(raw))
