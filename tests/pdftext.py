"""A PDF read back as text with poppler's pdftotext, for tests of the documents we print."""

import shutil
import subprocess
from pathlib import Path

PDFTOTEXT = "/usr/bin/pdftotext"


def pdftotext(source: bytes | str | Path, *, layout: bool = False) -> str:
    """The text of a PDF (its bytes or a path), pages separated by form feeds; `layout` keeps the columns."""
    content = source if isinstance(source, bytes) else Path(source).read_bytes()
    assert content.startswith(b"%PDF-"), content[:20]
    tool = PDFTOTEXT if shutil.which(PDFTOTEXT) else shutil.which("pdftotext")
    args = [tool, "-enc", "UTF-8", *(["-layout"] if layout else []), "-", "-"]
    return subprocess.run(args, input=content, capture_output=True, check=True).stdout.decode()  # noqa: S603
