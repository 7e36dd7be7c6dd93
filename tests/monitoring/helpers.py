"""Read the report's tables back from the HTML page (what the user sees)."""

from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table = None
        self._row = None
        self._cell = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and a.get("id", "").startswith("tabel-"):
            self._table = self.tables.setdefault(a["id"].removeprefix("tabel-"), [])
        elif tag == "caption":
            self._skip += 1
        elif self._table is not None and tag == "tr":
            self._row = []
        elif self._row is not None and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag == "caption":
            self._skip -= 1
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None and not self._skip:
            self._cell.append(data)


def page_tables(response) -> dict[str, list[list[str]]]:
    """{table key: rows (header row first) of cell texts}."""
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def row_of(table: list[list[str]], label: str) -> list[str]:
    """The row whose first cells include `label` (a month, a Bapas, a PK), without the label cells."""
    for row in table:
        if label in row:
            return row[row.index(label) + 1 :]
    raise AssertionError(f"{label!r} not in {[r[:2] for r in table]}")
