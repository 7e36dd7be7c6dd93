"""Demo Litmas for pk1's clients at Bapas Yogyakarta (BPS-YK): one approved by kepala1, one waiting for
kepala1's approval, one returned with a comment, and one draft still being written. Made through the
services, as the PK and the Kepala would."""

import datetime as dt
import random

from bimkemas.cases.models import ACTIVE_STATUSES, Case
from bimkemas.litmas.models import Litmas
from bimkemas.litmas.services import litmas_approve, litmas_create, litmas_return, litmas_save, litmas_submit
from bimkemas.org.models import User

ANALYSES = [
    "Klien kooperatif selama wawancara dan mengakui perbuatannya. Dukungan keluarga kuat; risiko pengulangan "
    "tergolong rendah bila klien tetap bekerja dan rutin melapor.",
    "Klien masih bergaul dengan teman lama di lingkungan tempat tinggal. Diperlukan bimbingan kepribadian dan "
    "pengawasan yang lebih rapat pada tahap awal.",
    "Klien memiliki keterampilan las dan bersedia mengikuti pelatihan kemandirian bersama mitra Pokmas Lipas.",
]
RECOMMENDATIONS = [
    "Klien direkomendasikan mengikuti bimbingan kepribadian dan kemandirian, wajib lapor sebulan sekali, "
    "dengan pengawasan keluarga.",
    "Klien direkomendasikan mengikuti konseling adiksi bersama mitra rehabilitasi dan wajib lapor dua kali "
    "sebulan pada tahap awal.",
    "Klien direkomendasikan mengikuti pelatihan kerja pengelasan dan bimbingan kemasyarakatan di kelurahan.",
]


def _values(litmas: Litmas, rng: random.Random) -> dict:
    values = {}
    for section in litmas.definition:
        for field in section["fields"]:
            key = f"{section['code']}.{field['code']}"
            if field["required"] and not litmas.values.get(key):
                values[key] = {
                    "analisis.analysis": rng.choice(ANALYSES),
                    "kesimpulan.recommendation": rng.choice(RECOMMENDATIONS),
                    "kesimpulan.conclusion": "Klien layak melanjutkan program di bawah bimbingan Bapas.",
                    "kasus.chronology": "Klien mengambil sepeda motor milik tetangga yang diparkir di halaman "
                    "rumah, lalu menjualnya. Klien ditangkap tiga hari kemudian.",
                    "keluarga.history": "Klien anak kedua dari empat bersaudara; hubungan dengan orang tua baik.",
                    "sosial_ekonomi.summary": "Keluarga berpenghasilan tidak tetap dari berdagang di pasar.",
                    "sikap_klien.attitude": "Klien menyesal dan ingin bekerja untuk membantu keluarga.",
                    "tanggapan_keluarga.response": "Keluarga bersedia menerima dan mengawasi klien.",
                    "tanggapan_masyarakat.response": "Ketua RT dan tetangga tidak keberatan klien kembali.",
                }.get(key, "Sudah diteliti oleh PK.")
    values["sikap_klien.remorse"] = "Menyesal dan berjanji tidak mengulangi"
    values["tanggapan_keluarga.willing"] = "Bersedia"
    return values


def populate(*, rng: random.Random, today: dt.date) -> dict:
    pk = User.objects.filter(username="pk1").first()
    kepala = User.objects.filter(username="kepala1").first()
    if pk is None or kepala is None or Litmas.objects.filter(author=pk).exists():
        return {"litmas": 0}
    cases = list(
        Case.objects.filter(
            bapas__code="BPS-YK", officer=pk, status__in=ACTIVE_STATUSES, handover_date__lte=today
        )
        .select_related("person", "bapas")
        .order_by("-handover_date", "id")[:4]
    )
    created = 0
    for i, case in enumerate(cases):
        litmas = litmas_create(actor=pk, case=case, kind="pembimbingan", requested_by="Kepala Bapas",
                               purpose="Menyusun program pembimbingan tahap awal.", today=today)  # fmt: skip
        created += 1
        if i == 3:  # a draft still being written
            litmas_save(actor=pk, litmas=litmas, values={"analisis.analysis": rng.choice(ANALYSES)})
            continue
        litmas, _ = litmas_save(actor=pk, litmas=litmas, values=_values(litmas, rng))
        litmas = litmas_submit(actor=pk, litmas=litmas)
        if i == 0:
            litmas_approve(actor=kepala, litmas=litmas)
        elif i == 2:
            litmas_return(actor=kepala, litmas=litmas, comment="Lengkapi tanggapan korban dan keterangan tetangga; "
                                                                "cantumkan tanggal kunjungan rumah.")  # fmt: skip
    return {"litmas": created}
