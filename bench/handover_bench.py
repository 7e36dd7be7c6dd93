"""Benchmark: import a clean handover list of 5,000 rows (penerimaan massal) in one go.

SQLite (a fresh temporary database):
    .venv/bin/python bench/handover_bench.py
PostgreSQL (a throwaway server):
    bash scripts/with-postgres.sh .venv/bin/python bench/handover_bench.py

Generates the file (CSV, DIY village codes), runs `handover_import` as a Kasi and prints its figures;
the last line is `rows=5000 seconds=<s>`. Target: under 30 s on both databases.
"""

import csv
import datetime as dt
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(os.environ.get("BENCH_ROWS", "5000"))

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bimkemas.settings")
os.environ.setdefault("BIMKEMAS_REGIONS_PROVINCES", "34")
_tmp = tempfile.mkdtemp(prefix="bimkemas-bench-")
os.environ.setdefault("BIMKEMAS_DATA_DIR", _tmp)
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{_tmp}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bimkemas.cases.handover import COLUMN_KEYS, handover_import, handover_validate, read_table  # noqa: E402
from bimkemas.cases.models import Case, Programme  # noqa: E402
from bimkemas.org.models import Role, Unit, User  # noqa: E402
from bimkemas.regions.models import Region  # noqa: E402

FIRST = ["Rudi", "Agus", "Siti", "Dewi", "Budi", "Joko", "Sri", "Eko", "Wahyu", "Bagus", "Nur", "Rina"]
LAST = ["Hartono", "Setiawan", "Aminah", "Lestari", "Santoso", "Susilo", "Wahyuni", "Saputra", "Pratama"]
PROGRAMMES = ["PB", "CB", "CMB", "Asimilasi", "Asimilasi di rumah", "CMK", "Pidana bersyarat"]


def generate(n: int, villages: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMN_KEYS)
    handover = dt.date(2026, 11, 9)
    for i in range(n):
        sex = "P" if i % 5 == 0 else "L"
        birth = dt.date(1960 + i % 45, 1 + i % 12, 1 + i % 28)
        village = villages[i % len(villages)]
        day = birth.day + (40 if sex == "P" else 0)
        nik = f"{village[:8].replace('.', '')}{day:02d}{birth.month:02d}{birth.year % 100:02d}{i + 1:04d}"
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}"
        start = handover + dt.timedelta(days=i % 20)
        values = {
            "nik": nik, "nama": name, "alias": f"{FIRST[i % len(FIRST)]}; Gondrong" if i % 7 == 0 else "",
            "jenis_kelamin": sex, "tempat_lahir": "Yogyakarta", "tanggal_lahir": birth.strftime("%d-%m-%Y"),
            "agama": "Islam", "nama_ibu": "Sumiyati", "alamat": f"Jl. Malioboro No. {i % 200}",
            "rt": f"{i % 20 + 1:03d}", "rw": f"{i % 9 + 1:03d}", "kode_desa": village,
            "telepon": f"0812{i:08d}" if i % 2 else "", "kelompok": "dewasa",
            "program": PROGRAMMES[i % len(PROGRAMMES)], "nomor_sk": f"PAS-{i}.PK.05.09/2026",
            "tanggal_sk": (start - dt.timedelta(days=7)).isoformat(), "asal_upt": "Lapas Kelas IIA Yogyakarta",
            "pasal": "Pasal 362 KUHP", "kategori_pidana": "pencurian", "lama_pidana_bulan": str(12 + i % 48),
            "tanggal_serah_terima": start.isoformat(), "awal_bimbingan": start.isoformat(),
            "akhir_bimbingan": (start + dt.timedelta(days=365)).isoformat(), "syarat_khusus": "",
            "nama_penjamin": "Sumiyati", "hubungan_penjamin": "Ibu kandung",
            "telepon_penjamin": f"0813{i:08d}", "alamat_penjamin": f"Jl. Malioboro No. {i % 200}",
        }  # fmt: skip
        writer.writerow([values[key] for key in COLUMN_KEYS])
    return out.getvalue().encode("utf-8")


def main() -> None:
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"database={connection.vendor} migrate_seconds={time.perf_counter() - t0:.1f}")
    bapas, _ = Unit.objects.get_or_create(
        code="BENCH-BAPAS", defaults={"kind": Unit.Kind.BAPAS, "name": "Bapas Bench"}
    )
    kasi, _ = User.objects.get_or_create(username="bench_kasi", defaults={"unit": bapas})
    kasi.roles = [Role.KASI]
    kasi.save()
    villages = list(
        Region.objects.filter(level=Region.Level.VILLAGE, code__startswith="34").values_list(
            "code", flat=True
        )
    )
    if not villages:
        sys.exit("No DIY villages loaded: run with BIMKEMAS_REGIONS_PROVINCES including 34.")
    content = generate(ROWS, villages)
    print(f"file_bytes={len(content)}")

    t = time.perf_counter()
    checked = handover_validate(read_table("bench.csv", content))
    print(f"validate_only_seconds={time.perf_counter() - t:.2f} errors={len(checked.errors)}")

    t = time.perf_counter()
    result = handover_import(actor=kasi, filename="bench.csv", content=content)
    seconds = time.perf_counter() - t
    if not result.ok:
        for problem in result.errors[:20]:
            print(problem)
        sys.exit(f"import failed: {result.file_error or len(result.errors)}")
    assert len(result.imported) == ROWS
    assert Case.objects.filter(import_batch=result.batch).count() == ROWS
    assert Programme.PB in set(Case.objects.values_list("programme", flat=True))
    print(f"rows={len(result.imported)} seconds={seconds:.2f}")


if __name__ == "__main__":
    main()
