"""What kind of image some uploaded bytes are, judged by their content (never by the file name)."""

import io

_MAGIC = {b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png", b"RIFF": "webp"}


def image_kind(raw: bytes, *, allowed: tuple[str, ...] = ("jpg", "png")) -> str | None:
    """ "jpg", "png" or "webp" (among `allowed`) when `raw` starts like one and Pillow can read it; else None."""
    kind = next((k for magic, k in _MAGIC.items() if raw.startswith(magic)), None)
    if kind == "webp" and raw[8:12] != b"WEBP":
        kind = None
    if kind not in allowed:
        return None
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(raw)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    return kind
