"""Errors of the data files the system reads (assessment instruments, Litmas kinds, …)."""

from django.utils.functional import Promise


class DataFileError(Exception):
    """A file that cannot be used; `problems` lists every problem found, each naming its place.

    Subclasses set `head`: a lazily translated line with the placeholders %(file)s and %(n)d.
    """

    head: Promise | str = "%(file)s: %(n)d problem(s):"

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__(self.message)

    @property
    def message(self) -> str:
        head = str(self.head) % {"file": self.source, "n": len(self.problems)}
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])
