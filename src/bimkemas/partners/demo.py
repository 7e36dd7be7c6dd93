"""Demo partners: Pokmas Lipas of Bapas Yogyakarta and Wonosari, their agreements (one expiring, one
expired) and the partner login `pokmas1`. Called by bimkemas.core.demo_data after staff and clients."""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.uploadedfile import SimpleUploadedFile

from bimkemas.org.models import Unit, User
from bimkemas.partners.models import AgreementKind, Field, Partner, PartnerKind
from bimkemas.partners.services import (
    AgreementData,
    PartnerData,
    agreement_create,
    partner_create,
    partner_user_create,
)

F = Field
K = PartnerKind
# (name, kind, fields, contact person, village code, area codes)
PARTNERS = {
    "BPS-YK": [
        ("Yayasan Sekar Mlati", K.YAYASAN, [F.KEPRIBADIAN, F.KONSELING], "Sri Rahayu, S.Psi.", "34.04.06.2002", ["34.04", "34.71"]),
        ("Pondok Pesantren Al-Hidayah Kotagede", K.PESANTREN, [F.KEPRIBADIAN], "K.H. Ahmad Mustofa", "34.71.14.1002", ["34.71", "34.02"]),
        ("LBH Pelita Keadilan Yogyakarta", K.LBH, [F.HUKUM], "Fransiska Dewi, S.H.", "34.71.03.1001", ["34.71", "34.04", "34.02", "34.01"]),
        ("Karang Taruna Tunas Harapan Sinduadi", K.KARANG_TARUNA, [F.KEMASYARAKATAN], "Wahyu Nugroho", "34.04.06.2001", ["34.04.06"]),
        ("CV Mina Makmur Sejahtera", K.PERUSAHAAN, [F.KEMANDIRIAN], "Haryanto", "34.02.06.2001", ["34.02"]),
        ("Panti Rehabilitasi Rumah Damai", K.REHAB, [F.REHABILITASI, F.KONSELING], "dr. Yosef Kurniawan", "34.04.11.2001", ["34.04", "34.71"]),
        ("Gereja Kristen Jawa Gondokusuman", K.GEREJA, [F.KEPRIBADIAN, F.KONSELING], "Pdt. Stefanus Hadi", "34.71.03.1002", ["34.71"]),
        ("Bengkel Las Karya Mandiri (Bapak Sutrisno)", K.PERORANGAN, [F.KEMANDIRIAN], "Sutrisno", "34.01.01.2001", ["34.01"]),
    ],
    "BPS-WNS": [
        ("Kelompok Tani Jahe Merah Sido Makmur", K.LAINNYA, [F.KEMANDIRIAN], "Suparno", "34.03.01.2003", ["34.03"]),
        ("Pondok Pesantren Darul Qur'an Wonosari", K.PESANTREN, [F.KEPRIBADIAN], "K.H. Muhammad Ridwan", "34.03.01.2002", ["34.03"]),
        ("LBH Handayani Gunungkidul", K.LBH, [F.HUKUM], "Endang Susilowati, S.H.", "34.03.01.2001", ["34.03"]),
        ("CV Handayani Hidroponik", K.PERUSAHAAN, [F.KEMANDIRIAN], "Bambang Setiawan", "34.03.03.2001", ["34.03.03", "34.03.01"]),
    ],
}  # fmt: skip
EXPIRING_PARTNER = "LBH Pelita Keadilan Yogyakarta"  # ends within 60 days
EXPIRED_PARTNER = "Karang Taruna Tunas Harapan Sinduadi"  # ended, not renewed
POKMAS1_PARTNER = "Yayasan Sekar Mlati"
MOBILE_PREFIXES = ["0812", "0813", "0821", "0852", "0856", "0878", "0881"]
# Kanwil DIY letter codes in agreement numbers.
NUMBER_CODE = {"BPS-YK": "W14.PAS.PAS1", "BPS-WNS": "W14.PAS.PAS2"}


def _pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF (Helvetica, A4) with `lines` of Latin-1 text: a stand-in for a scanned document."""

    def esc(text: str) -> str:
        return (
            text.encode("latin-1", "replace")
            .decode("latin-1")
            .replace("\\", "\\\\")
            .replace("(", "\\(")
            .replace(")", "\\)")
        )

    stream = "BT /F1 12 Tf 72 770 Td 16 TL " + " ".join(f"({esc(line)}) Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out, offsets = "%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out.encode("latin-1")))
        out += f"{number} 0 obj\n{body}\nendobj\n"
    xref = len(out.encode("latin-1"))
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n" + "".join(
        f"{o:010d} 00000 n \n" for o in offsets
    )
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")


def _document(*, unit: Unit, partner: Partner, number: str, kind: str, start, end) -> SimpleUploadedFile:
    content = _pdf([
        str(AgreementKind(kind).label).upper(),
        f"Nomor: {number}",
        f"antara {unit.name} dan {partner.name}",
        f"Masa berlaku: {start:%d-%m-%Y} s.d. {end:%d-%m-%Y}",
        f"Bidang: {', '.join(partner.field_labels)}",
        "",
        "Dokumen contoh untuk demo Bimkemas; bukan perjanjian yang sah.",
    ])  # fmt: skip
    return SimpleUploadedFile(f"{number.replace('/', '_')}.pdf", content, content_type="application/pdf")


def _existing(codes: list[str]) -> list[str]:
    from bimkemas.regions.models import Region

    return list(Region.objects.filter(code__in=codes).values_list("code", flat=True))


def populate(*, rng: random.Random, today: dt.date) -> dict:
    """Create the demo partners, agreements and partner user; returns the counts created."""
    from bimkemas.core.demo_data import DEMO_PASSWORD

    leads = {"BPS-YK": User.objects.get(username="kasi1"), "BPS-WNS": User.objects.get(username="kasi2")}
    counts = {"partners": 0, "agreements": 0, "partner_users": 0}
    for unit_code, rows in PARTNERS.items():
        kasi = leads[unit_code]
        unit = kasi.unit
        for i, (name, kind, fields, contact, village, area) in enumerate(rows):
            phone = rng.choice(MOBILE_PREFIXES) + "".join(str(rng.randint(0, 9)) for _ in range(8))
            slug = "".join(c for c in name.lower().split("(")[0] if c.isalnum())[:20]
            partner = partner_create(actor=kasi, bapas=unit, data=PartnerData(
                name=name, kind=kind, fields=list(fields), contact_person=contact, phone=phone,
                email=f"{slug}@example.org" if kind != K.PERORANGAN else "",
                address=f"Jl. {rng.choice(['Kaliurang', 'Magelang', 'Parangtritis', 'Wates', 'Wonosari', 'Godean'])} "
                        f"Km {rng.randint(2, 15)} No. {rng.randint(1, 120)}",
                village_id=(_existing([village]) or [None])[0], area_ids=_existing(area),
            ))  # fmt: skip
            counts["partners"] += 1
            periods = []
            if name == EXPIRING_PARTNER:
                end = today + dt.timedelta(days=rng.randint(20, 45))
                periods.append((end - dt.timedelta(days=3 * 365), end, AgreementKind.PKS))
            elif name == EXPIRED_PARTNER:
                end = today - dt.timedelta(days=rng.randint(20, 80))
                periods.append((end - dt.timedelta(days=2 * 365), end, AgreementKind.PKS))
            else:
                start = today - dt.timedelta(days=rng.randint(60, 500))
                if i == 1:  # an earlier MoU, renewed by the current PKS
                    periods.append(
                        (start - dt.timedelta(days=2 * 365), start - dt.timedelta(days=1), AgreementKind.MOU)
                    )
                periods.append((start, start + dt.timedelta(days=3 * 365 - 1), AgreementKind.PKS))
            for start, end, kind_a in periods:
                number = f"{NUMBER_CODE[unit_code]}-PK.01.05-{rng.randint(100, 999)}/{start.year}"
                agreement_create(actor=kasi, partner=partner, data=AgreementData(
                    number=number, kind=kind_a, start=start, end=end, fields=list(fields)),
                    document=_document(unit=unit, partner=partner, number=number, kind=kind_a, start=start, end=end),
                )  # fmt: skip
                counts["agreements"] += 1
            if name == POKMAS1_PARTNER:
                partner_user_create(actor=kasi, partner=partner, username="pokmas1", full_name="Sri Rahayu",
                                    email="pokmas1@example.org", password=DEMO_PASSWORD)  # fmt: skip
                counts["partner_users"] += 1
    return counts
