"""Demo data: two Bapas of Kanwil DIY with ~400 generated clients, made through the real services.

Everything is deterministic (a fixed random seed) and generated: no real person is described.
Names follow Indonesian naming habits (Javanese, Sundanese, Malay, Batak, Bugis and Christian names,
one-word names, Muhammad/Moh./M. spelling variants, aliases); NIKs encode a real DIY district, the
birth date and the sex; villages are real Region rows inside the Bapas's working area.

Persons and cases go through `person_create`, `case_receive`, `case_register`, `case_assign` and
`case_end` with Kasi users as actors, so the demo exercises the same rules users run. The one
exception is cosmetic: the timeline events and assignment start times are moved back to the
handover dates afterwards, so a case received a year ago does not read "received today".
"""

import datetime as dt
import random
import time
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bimkemas.cases.models import Assignment, Case, CaseEvent, ClientGroup, EndReason, Programme
from bimkemas.cases.services import CaseData, case_assign, case_end, case_receive, case_register
from bimkemas.clients.models import Person, Sex
from bimkemas.clients.services import PersonData, person_create
from bimkemas.org.models import PkRank, Role, Secondment, Unit, User
from bimkemas.regions.models import Region

DEMO_PASSWORD = "bimkemas-demo"  # noqa: S105 - documented demo password, demo mode only
DEMO_SEED = 20261122
JAKARTA = ZoneInfo("Asia/Jakarta")

# ── Name pools ───────────────────────────────────────────────────────────────────────────────────
# Each group: first names, second names, one-word names, birth places, religions (weighted).
NAME_GROUPS: dict[str, dict] = {
    "jawa": {
        "weight": 58,
        "male": ["Agus", "Bambang", "Budi", "Joko", "Slamet", "Sugeng", "Wahyu", "Heru", "Teguh", "Eko",
                 "Dwi", "Tri", "Bayu", "Rudi", "Anton", "Sigit", "Ari", "Dimas", "Bagus", "Galih", "Yoga",
                 "Aditya", "Danang", "Hendro", "Gilang", "Nanang", "Wisnu", "Arief", "Yudi", "Catur"],
        "female": ["Sri", "Dewi", "Rina", "Yuni", "Endah", "Ratna", "Wulan", "Puji", "Susi", "Eni",
                   "Tri", "Dwi", "Ani", "Rini", "Indah", "Ayu", "Retno", "Dyah", "Wahyu", "Novi"],
        "male_last": ["Santoso", "Wibowo", "Susanto", "Setiawan", "Saputra", "Pratama", "Kurniawan",
                      "Nugroho", "Wijaya", "Prasetyo", "Raharjo", "Haryanto", "Suryadi", "Purwanto",
                      "Kusuma", "Utomo", "Hartono", "Widodo", "Purnomo", "Sutrisno", "Mulyono",
                      "Supriyadi", "Wicaksono", "Prabowo", "Hidayat", "Firmansyah", "Saputro"],
        "female_last": ["Lestari", "Rahayu", "Wulandari", "Handayani", "Susanti", "Astuti", "Wahyuni",
                        "Purwaningsih", "Kurniasih", "Suryani", "Setyaningsih", "Rahmawati",
                        "Puspitasari", "Utami", "Pertiwi", "Anggraini"],
        "male_single": ["Paijo", "Sukirman", "Giyanto", "Waluyo", "Suparno", "Tukiman", "Sumardi",
                        "Darmanto", "Margono", "Sarwono", "Suyatno", "Ngadiman", "Parjiyo", "Wagiman"],
        "female_single": ["Tukiyem", "Sumarni", "Ngatini", "Painem", "Suwarni", "Sulastri", "Mujiyem",
                          "Sartini", "Wagiyem", "Partini"],
        "places": ["Yogyakarta", "Sleman", "Bantul", "Kulon Progo", "Gunungkidul", "Klaten", "Magelang",
                   "Purworejo", "Wonogiri", "Surakarta", "Semarang", "Temanggung"],
        "religion": [("islam", 88), ("katolik", 6), ("kristen", 5), ("kepercayaan", 1)],
    },
    "sunda": {
        "weight": 8,
        "male": ["Asep", "Ujang", "Dadang", "Cecep", "Dede", "Ade", "Yayat", "Iwan", "Jajang", "Wawan",
                 "Ucup", "Deden", "Engkus", "Aep"],
        "female": ["Neneng", "Euis", "Iis", "Imas", "Cucu", "Lilis", "Enung", "Yeni", "Nining"],
        "male_last": ["Saepudin", "Suherman", "Hermawan", "Supriatna", "Sudrajat", "Rustandi", "Kurnia",
                      "Gumilar", "Hidayat", "Mulyana", "Sopian"],
        "female_last": ["Hasanah", "Komariah", "Rosita", "Masitoh", "Sumiati", "Nurhayati", "Rohaeti"],
        "male_single": ["Karta", "Udin", "Oman"],
        "female_single": ["Enok", "Icih"],
        "places": ["Bandung", "Garut", "Tasikmalaya", "Ciamis", "Cianjur", "Sumedang"],
        "religion": [("islam", 98), ("kristen", 2)],
    },
    "melayu": {
        "weight": 12,
        "male": ["Rizky", "Fajar", "Ilham", "Faisal", "Syahrul", "Arif", "Rahmat", "Yusuf", "Zainal",
                 "Hendra", "Fikri", "Reza", "Irfan", "Hafiz", "Taufik", "Ridwan"],
        "female": ["Nurul", "Aisyah", "Fitri", "Rahma", "Nadia", "Zahra", "Putri", "Laila", "Syifa"],
        "male_last": ["Ramadhan", "Maulana", "Akbar", "Gunawan", "Rahman", "Hidayat", "Nugraha",
                      "Syahputra", "Firdaus", "Hakim", "Fadillah", "Siregar"],
        "female_last": ["Hidayah", "Aisyah", "Handayani", "Rahmawati", "Fitriani", "Safitri", "Amelia"],
        "male_single": ["Sulaiman", "Ismail"],
        "female_single": ["Rosnah", "Zubaidah"],
        "places": ["Palembang", "Pekanbaru", "Jambi", "Pontianak", "Jakarta", "Lampung", "Padang"],
        "religion": [("islam", 100)],
    },
    "batak": {
        "weight": 6,
        "male": ["Sahat", "Roy", "Togar", "Martua", "Parulian", "Binsar", "Hotman", "Jonner", "Poltak",
                 "Maruli", "Daniel", "Roni"],
        "female": ["Rosmawati", "Lamria", "Tiur", "Rotua", "Dameria", "Sondang", "Nurmala"],
        "marga": ["Simanjuntak", "Siregar", "Nasution", "Hutapea", "Sitompul", "Panjaitan", "Manurung",
                  "Harahap", "Lubis", "Sinaga", "Situmorang", "Simatupang", "Pardede", "Sitorus"],
        "places": ["Medan", "Pematangsiantar", "Tarutung", "Balige", "Sibolga", "Padangsidimpuan"],
        "religion": [("kristen", 70), ("katolik", 10), ("islam", 20)],
    },
    "bugis": {
        "weight": 5,
        "male": ["Syamsul", "Akbar", "Haerul", "Arfah", "Baso", "Jufri", "Nasrun", "Ramli", "Amir"],
        "female": ["Hasnah", "Nurhayati", "Hasmawati", "Sitti", "Rosmini", "Haslinda"],
        "male_last": ["Syamsuddin", "Hasanuddin", "Rahman", "Haeruddin", "Mappasessu", "Tahir", "Latif"],
        "female_last": ["Hasanuddin", "Rahman", "Kadir", "Mustari"],
        "male_single": ["Baharuddin", "Sudirman"],
        "female_single": ["Hamsinah"],
        "places": ["Makassar", "Bone", "Parepare", "Sidrap", "Wajo", "Soppeng"],
        "religion": [("islam", 100)],
    },
    "nasrani": {
        "weight": 11,
        "male": ["Yohanes", "Petrus", "Fransiskus", "Antonius", "Stefanus", "Markus", "Yosef", "Ignatius",
                 "Robertus", "Agustinus", "Paulus", "Thomas", "Benediktus", "Gregorius"],
        "female": ["Maria", "Theresia", "Yohana", "Elisabeth", "Veronika", "Magdalena", "Agnes",
                   "Lusia", "Cecilia", "Bernadeta"],
        "male_last": ["Budi Santoso", "Agung Prasetyo", "Dwi Nugroho", "Eko Wibowo", "Setiawan",
                      "Hari Purnomo", "Bayu Aji", "Krisna Adi"],
        "female_last": ["Sri Lestari", "Dwi Astuti", "Endang Suryani", "Ratna Sari", "Wulandari"],
        "male_single": [],
        "female_single": [],
        "places": ["Yogyakarta", "Sleman", "Klaten", "Muntilan", "Ambarawa", "Kupang", "Ende", "Manado"],
        "religion": [("katolik", 65), ("kristen", 35)],
    },
}  # fmt: skip
MUHAMMAD_VARIANTS = ["Muhammad", "Muhammad", "Mohammad", "Moh.", "M.", "Muh.", "Mochamad", "Mohamad"]
NICKNAMES_MALE = ["Gendut", "Kribo", "Bogel", "Item", "Gondrong", "Bejo", "Tole", "Gareng", "Kancil",
                  "Pethuk", "Jabrik", "Cungkring", "Bagong", "Semar", "Londo"]  # fmt: skip
NICKNAMES_FEMALE = ["Ndut", "Nonik", "Genduk", "Mbak Yu", "Ceria"]
STREETS = ["Jl. Kaliurang", "Jl. Magelang", "Jl. Parangtritis", "Jl. Wonosari", "Jl. Godean", "Jl. Bantul",
           "Jl. Imogiri Timur", "Jl. Veteran", "Jl. Kusumanegara", "Jl. Taman Siswa", "Jl. Gejayan",
           "Jl. Monjali", "Jl. Wates", "Jl. Solo", "Jl. Palagan Tentara Pelajar", "Jl. Ngeksigondo"]  # fmt: skip
DUSUN = ["Krajan", "Kauman", "Ngaglik", "Karanganyar", "Sidomulyo", "Tegalsari", "Gondang", "Kalibening",
         "Jetis", "Sumberan", "Ngabean", "Wonolelo", "Kembang", "Banyuurip", "Sorogenen", "Gatak",
         "Kadisoka", "Ngentak", "Pucung", "Kedungrejo", "Playen", "Ngawen", "Karangmojo", "Sawahan"]  # fmt: skip
OCCUPATIONS_ADULT = [("Buruh harian lepas", 25), ("Wiraswasta", 18), ("Petani", 10), ("Pedagang", 8),
                     ("Sopir", 6), ("Tukang bangunan", 8), ("Karyawan swasta", 10), ("Belum/tidak bekerja", 8),
                     ("Pengemudi ojek daring", 5), ("Nelayan", 1), ("Montir", 3), ("Juru parkir", 3)]  # fmt: skip
OCCUPATIONS_FEMALE = [("Mengurus rumah tangga", 30), ("Pedagang", 25), ("Karyawan swasta", 20),
                      ("Buruh harian lepas", 15), ("Wiraswasta", 10)]  # fmt: skip
MOBILE_PREFIXES = ["0811", "0812", "0813", "0821", "0822", "0823", "0852", "0853", "0851", "0814", "0815",
                   "0816", "0855", "0856", "0857", "0858", "0817", "0818", "0819", "0859", "0877", "0878",
                   "0831", "0838", "0895", "0896", "0897", "0898", "0881", "0882", "0887", "0888"]  # fmt: skip

# ── Offences, institutions, programmes ───────────────────────────────────────────────────────────
OFFENCES = [  # (article, category, weight, allowed for children)
    ("Pasal 114 ayat (1) UU No. 35 Tahun 2009 tentang Narkotika", "narkotika", 14, False),
    ("Pasal 112 ayat (1) UU No. 35 Tahun 2009 tentang Narkotika", "narkotika", 12, False),
    ("Pasal 127 ayat (1) huruf a UU No. 35 Tahun 2009 tentang Narkotika", "narkotika", 10, False),
    ("Pasal 362 KUHP (pencurian)", "pencurian", 14, True),
    ("Pasal 363 ayat (1) ke-4 KUHP (pencurian dengan pemberatan)", "pencurian", 9, True),
    ("Pasal 365 KUHP (pencurian dengan kekerasan)", "pencurian", 3, True),
    ("Pasal 351 ayat (1) KUHP (penganiayaan)", "penganiayaan", 7, True),
    ("Pasal 170 KUHP (kekerasan bersama-sama)", "penganiayaan", 4, True),
    ("Pasal 378 KUHP (penipuan)", "penipuan", 6, False),
    ("Pasal 372 KUHP (penggelapan)", "penipuan", 5, False),
    ("Pasal 303 KUHP (perjudian)", "perjudian", 4, False),
    ("Pasal 480 KUHP (penadahan)", "lainnya", 3, False),
    ("Pasal 2 ayat (1) UU Darurat No. 12 Tahun 1951 (senjata tajam)", "lainnya", 3, True),
    ("Pasal 310 ayat (4) UU No. 22 Tahun 2009 (lalu lintas)", "lalu_lintas", 2, True),
    ("Pasal 81 ayat (2) UU No. 35 Tahun 2014 (perlindungan anak)", "asusila", 2, False),
    ("Pasal 3 UU No. 31 Tahun 1999 jo. UU No. 20 Tahun 2001 (korupsi)", "korupsi", 1, False),
    ("Pasal 338 KUHP (pembunuhan)", "pembunuhan", 1, False),
]  # fmt: skip
INSTITUTIONS_YK = ["Lapas Kelas IIA Yogyakarta", "Lapas Narkotika Kelas IIA Yogyakarta",
                   "Rutan Kelas IIA Yogyakarta", "Lapas Kelas IIB Sleman", "Rutan Kelas IIB Bantul",
                   "Lapas Perempuan Kelas IIB Yogyakarta"]  # fmt: skip
INSTITUTIONS_WNS = [
    "Rutan Kelas IIB Wonosari",
    "Lapas Kelas IIA Yogyakarta",
    "Lapas Narkotika Kelas IIA Yogyakarta",
]
LPKA = "LPKA Kelas II Yogyakarta"
NON_CUSTODIAL = {Programme.PIDANA_BERSYARAT, Programme.PIDANA_PENGAWASAN, Programme.DIVERSI}
ADULT_PROGRAMMES = [("PB", 58), ("CB", 12), ("CMB", 7), ("ASIM", 8), ("ASIMR", 5), ("CMK", 1),
                    ("PBS", 5), ("PPW", 4)]  # fmt: skip
CHILD_PROGRAMMES = [("PB", 3), ("ASIM", 1), ("DIV", 3), ("PBS", 1), ("PPW", 1)]

DIY_REGENCIES = {"34.71": 30, "34.04": 35, "34.02": 25, "34.01": 10}  # Bapas Yogyakarta, weighted
WNS_REGENCIES = {"34.03": 100}

# (username, full name, unit code, roles, rank)
DEMO_STAFF = [
    ("pk1", "Andi Pratama, S.Sos.", "BPS-YK", [Role.PK], PkRank.AHLI_MUDA),
    ("pk2", "Rina Wulandari, S.Psi.", "BPS-YK", [Role.PK], PkRank.AHLI_PERTAMA),
    ("pk3", "Yohanes Bayu Aji, S.H.", "BPS-YK", [Role.PK], PkRank.AHLI_MADYA),
    ("pk4", "Siti Nurhaliza, S.Sos.", "BPS-YK", [Role.PK], PkRank.AHLI_PERTAMA),
    ("apk1", "Dimas Saputra, A.Md.", "BPS-YK", [Role.APK], PkRank.TERAMPIL),
    ("pk5", "Hotman Sitompul, S.H.", "BPS-YK", [Role.PK], PkRank.AHLI_MUDA),  # BKO to Wonosari
    ("pk6", "Sari Handayani, S.Sos.", "BPS-WNS", [Role.PK], PkRank.AHLI_MUDA),
    ("pk7", "Sugeng Riyadi, S.Pd.", "BPS-WNS", [Role.PK], PkRank.AHLI_PERTAMA),
    ("pk8", "Euis Komariah, S.Psi.", "BPS-WNS", [Role.PK], PkRank.AHLI_PERTAMA),
    ("apk2", "Wahyu Hidayat, A.Md.", "BPS-WNS", [Role.APK], PkRank.MAHIR),
    ("kasi1", "Budi Santoso, S.H., M.H.", "BPS-YK", [Role.KASI], ""),
    ("kasi2", "Wati Susanti, S.Sos.", "BPS-WNS", [Role.KASI], ""),
    ("kepala1", "Dr. Dewi Lestari, S.H., M.Si.", "BPS-YK", [Role.KEPALA], ""),
    ("kanwil1", "Hadi Kurniawan, S.H.", "KW-34", [Role.KANWIL], ""),
    ("ditjenpas1", "Tono Wijaya, S.H., M.H.", "DITJENPAS", [Role.DITJENPAS], ""),
    ("admin", "Administrator Bimkemas", "DITJENPAS", [Role.ADMIN], ""),
]  # fmt: skip

# What `bimkemas demo` prints (the login page shows the same in demo mode).
DEMO_LOGINS = [
    ("pk1", gettext_lazy("PK, Bapas Kelas I Yogyakarta (±35 klien)")),
    ("pk2", gettext_lazy("PK, Bapas Kelas I Yogyakarta (klien anak)")),
    ("pk6", gettext_lazy("PK, Bapas Kelas II Wonosari")),
    ("pk5", gettext_lazy("PK Bapas Yogyakarta, BKO ke Bapas Wonosari")),
    ("kasi1", gettext_lazy("Kasi Bimbingan Klien Dewasa, Bapas Yogyakarta")),
    ("kasi2", gettext_lazy("Kasi Bimbingan Klien, Bapas Wonosari")),
    ("kepala1", gettext_lazy("Kepala Bapas Yogyakarta")),
    ("kanwil1", gettext_lazy("Petugas Kanwil DIY")),
    ("ditjenpas1", gettext_lazy("Petugas Ditjenpas")),
    ("admin", gettext_lazy("Administrator")),
    ("pokmas1", gettext_lazy("Mitra Pokmas, Yayasan Sekar Mlati (Bapas Yogyakarta)")),
]

YK_CLIENTS = 300
WNS_CLIENTS = 100
PK1_CASELOAD = 35


def _weighted(rng: random.Random, pairs):
    items, weights = zip(*pairs, strict=True)
    return rng.choices(items, weights=weights)[0]


def person_name(rng: random.Random, sex: str) -> tuple[str, str, str, list[str]]:
    """(name, religion, birth place, aliases) in one of the Indonesian naming habits."""
    group_key = _weighted(rng, [(k, g["weight"]) for k, g in NAME_GROUPS.items()])
    g = NAME_GROUPS[group_key]
    female = sex == Sex.FEMALE
    first = rng.choice(g["female" if female else "male"])
    if group_key == "batak":
        marga = rng.choice(g["marga"])
        name = f"{first} br. {marga}" if female else f"{first} {marga}"
    else:
        singles = g["female_single" if female else "male_single"]
        roll = rng.random()
        if singles and roll < 0.14:
            name = rng.choice(singles)
        else:
            last = rng.choice(g["female_last" if female else "male_last"])
            name = f"{first} {last}" if last != first else first
            if not female and group_key in ("jawa", "melayu", "bugis", "sunda") and rng.random() < 0.16:
                name = f"{rng.choice(MUHAMMAD_VARIANTS)} {name}"
            elif group_key == "bugis" and rng.random() < 0.3:
                name = f"Andi {name}"
    religion = _weighted(rng, g["religion"])
    aliases: list[str] = []
    if rng.random() < 0.2:
        nick = rng.choice(NICKNAMES_FEMALE if female else NICKNAMES_MALE)
        aliases.append(nick)
    if "Muhammad" in name and rng.random() < 0.5:  # the same person written with another spelling
        aliases.append(name.replace("Muhammad", rng.choice(["M.", "Moh.", "Muh."])))
    return name, religion, rng.choice(g["places"]), aliases


def mother_name(rng: random.Random) -> str:
    g = NAME_GROUPS["jawa"]
    if rng.random() < 0.5:
        return rng.choice(g["female_single"])
    return f"{rng.choice(g['female'])} {rng.choice(g['female_last'])}"


def nik_make(rng: random.Random, district6: str, birth: dt.date, sex: str, used: set[str]) -> str:
    """A structurally valid NIK: district of first registration, birth date (+40 for women), serial."""
    day = birth.day + (40 if sex == Sex.FEMALE else 0)
    stem = f"{district6}{day:02d}{birth.month:02d}{birth.year % 100:02d}"
    serial = rng.randint(1, 40)
    while f"{stem}{serial:04d}" in used:
        serial += 1
    nik = f"{stem}{serial:04d}"
    used.add(nik)
    return nik


def phone_make(rng: random.Random) -> str:
    prefix = rng.choice(MOBILE_PREFIXES)
    rest = "".join(str(rng.randint(0, 9)) for _ in range(rng.choice((7, 8))))
    return f"{prefix}{rest}"


def _birth_date(rng: random.Random, today: dt.date, min_age: int, max_age: int) -> dt.date:
    oldest = today.replace(year=today.year - max_age - 1) + dt.timedelta(days=1)
    youngest = today.replace(year=today.year - min_age)
    return oldest + dt.timedelta(days=rng.randint(0, (youngest - oldest).days))


def _units() -> dict[str, Unit]:
    for code in ("34", "34.71", "34.04", "34.02", "34.01", "34.03"):
        if not Region.objects.filter(code=code).exists():
            raise ImproperlyConfigured(
                _("Data wilayah DIY (%(code)s) belum dimuat; jalankan migrate tanpa membatasi provinsi 34.")
                % {"code": code}
            )
    ditjenpas, _c = Unit.objects.get_or_create(
        code="DITJENPAS",
        defaults={
            "kind": Unit.Kind.DITJENPAS,
            "name": "Direktorat Jenderal Pemasyarakatan",
            "city": "Jakarta",
        },
    )
    kanwil, _c = Unit.objects.get_or_create(
        code="KW-34",
        defaults={"kind": Unit.Kind.KANWIL, "name": "Kanwil DIY", "parent": ditjenpas, "province_id": "34",
                  "city": "Yogyakarta"},
    )  # fmt: skip
    yk, created = Unit.objects.get_or_create(
        code="BPS-YK",
        defaults={"kind": Unit.Kind.BAPAS, "name": "Bapas Kelas I Yogyakarta", "parent": kanwil,
                  "klass": Unit.Klass.I, "city": "Yogyakarta", "timezone": "Asia/Jakarta",
                  "phone": "+62274512345", "email": "bapas.yogyakarta@example.go.id",
                  "office_village_id": "34.71.12.1002"},
    )  # fmt: skip
    if created:
        yk.area.set(list(DIY_REGENCIES))
    wns, created = Unit.objects.get_or_create(
        code="BPS-WNS",
        defaults={"kind": Unit.Kind.BAPAS, "name": "Bapas Kelas II Wonosari", "parent": kanwil,
                  "klass": Unit.Klass.II, "city": "Wonosari", "timezone": "Asia/Jakarta",
                  "phone": "+62274391234", "email": "bapas.wonosari@example.go.id",
                  "office_village_id": "34.03.01.2001"},
    )  # fmt: skip
    if created:
        wns.area.set(list(WNS_REGENCIES))
    return {"DITJENPAS": ditjenpas, "KW-34": kanwil, "BPS-YK": yk, "BPS-WNS": wns}


def _staff(units: dict[str, Unit], rng: random.Random, today: dt.date) -> dict[str, User]:
    password = make_password(DEMO_PASSWORD)  # hashed once: the same password for every demo user
    users = {}
    for i, (username, full_name, unit_code, roles, rank) in enumerate(DEMO_STAFF):
        birth = _birth_date(rng, today, 26, 55)
        appointed = birth.year + rng.randint(23, 28)
        nip = f"{birth:%Y%m%d}{appointed}{rng.randint(1, 12):02d}{1 if i % 3 else 2}{i + 1:03d}"
        user = User(username=username, full_name=full_name, unit=units[unit_code], rank=rank, nip=nip,
                    password=password, email=f"{username}@example.go.id")  # fmt: skip
        user.roles = roles
        if Role.ADMIN in roles:
            user.is_staff = user.is_superuser = True
        user.save()
        users[username] = user
    Secondment.objects.create(
        user=users["pk5"],
        to_unit=units["BPS-WNS"],
        start=today - dt.timedelta(days=60),
        end=today + dt.timedelta(days=120),
        note="BKO berdasarkan Surat Perintah Kepala Kanwil DIY",
    )
    return users


class _Villages:
    def __init__(self, regencies: dict[str, int]):
        self.weights = regencies
        self.by_regency = {
            code: list(
                Region.objects.filter(level=Region.Level.VILLAGE, code__startswith=code + ".")
                .order_by("code")
                .values_list("code", "name", "kind")
            )
            for code in regencies
        }

    def pick(self, rng: random.Random) -> tuple[str, str, str]:
        regency = _weighted(rng, list(self.weights.items()))
        return rng.choice(self.by_regency[regency])


def _address(rng: random.Random, village: tuple[str, str, str]) -> str:
    if village[2] == "kelurahan":
        return f"{rng.choice(STREETS)} No. {rng.randint(1, 250)}"
    return f"Dusun {rng.choice(DUSUN)}"


def _person_data(
    rng: random.Random, *, today: dt.date, villages: _Villages, child: bool, used_niks: set[str]
):
    sex = Sex.MALE if child or rng.random() < 0.88 else Sex.FEMALE
    name, religion, birth_place, aliases = person_name(rng, sex)
    birth = _birth_date(rng, today, 14, 17) if child else _birth_date(rng, today, 19, 62)
    village = villages.pick(rng)
    district6 = village[0][:8].replace(".", "")
    if rng.random() < 0.1:  # NIK from first registration elsewhere in DIY: it never changes on moving
        district6 = villages.pick(rng)[0][:8].replace(".", "")
    age = (today - birth).days // 365
    if child:
        education, occupation, marital = rng.choice(["smp", "sd", "sma"]), "Pelajar", "single"
    else:
        education = _weighted(rng, [("sd", 20), ("smp", 28), ("sma", 40), ("d3", 4), ("s1", 7), ("none", 1)])
        occupation = _weighted(rng, OCCUPATIONS_FEMALE if sex == Sex.FEMALE else OCCUPATIONS_ADULT)
        marital = _weighted(rng, [("single", 60), ("married", 40)] if age < 25
                            else [("married", 70), ("single", 15), ("divorced", 12), ("widowed", 3)])  # fmt: skip
    phones = [] if rng.random() < 0.05 else [phone_make(rng)]
    if phones and rng.random() < 0.1:
        phones.append(phone_make(rng))
    return PersonData(
        name=name, sex=sex, nik=nik_make(rng, district6, birth, sex, used_niks), birth_place=birth_place,
        birth_date=birth, religion=religion, education=education, occupation=occupation,
        marital_status=marital, mother_name=mother_name(rng), village_id=village[0],
        address=_address(rng, village), rt=f"{rng.randint(1, 15):03d}", rw=f"{rng.randint(1, 12):03d}",
        aliases=aliases, phones=phones,
    ), village  # fmt: skip


def _period(rng: random.Random, programme: str) -> tuple[int, int | None]:
    """(period length in days, sentence in months) for a programme."""
    if programme == "PB":
        sentence = rng.randint(18, 96)
        return int((sentence / 3 + 12) * 30.4), sentence
    if programme == "CB":
        return rng.randint(60, 180), rng.randint(6, 18)
    if programme == "CMB":
        return rng.randint(30, 180), rng.randint(12, 60)
    if programme in ("ASIM", "ASIMR"):
        return rng.randint(60, 360), rng.randint(12, 48)
    if programme == "CMK":
        return 2, rng.randint(12, 60)
    if programme == "DIV":
        return rng.randint(60, 180), None
    return rng.randint(180, 720), rng.randint(6, 24)  # PBS, PPW: probation / supervision sentence


_sk_serial = 0


def _case_data(rng, *, programme, child, start, length, sentence, institutions, person_data, village):
    global _sk_serial
    _sk_serial += 1
    offence = _weighted(rng, [((a, c), w) for a, c, w, for_child in OFFENCES if for_child or not child])
    if programme in NON_CUSTODIAL:
        origin = ""
    else:
        origin = LPKA if child else rng.choice(institutions)
    sk_date = start - dt.timedelta(days=rng.randint(3, 14))
    if child:
        relation = _weighted(rng, [("Ayah", 4), ("Ibu", 4), ("Kakek", 1), ("Paman", 1)])
    else:
        relation = _weighted(rng, [("Istri", 30) if person_data.sex == Sex.MALE else ("Suami", 30),
                                   ("Orang tua", 25), ("Kakak kandung", 15), ("Adik kandung", 8),
                                   ("Paman", 6), ("Anak kandung", 6)])  # fmt: skip
    female_relation = relation in ("Istri", "Ibu") or (relation == "Orang tua" and rng.random() < 0.5)
    g_name = person_name(rng, Sex.FEMALE if female_relation else Sex.MALE)[0]
    code = {"PB": "PK.01.05.06", "CB": "PK.01.05.07", "CMB": "PK.01.05.08", "ASIM": "PK.01.04.06",
            "ASIMR": "PK.01.04.06", "CMK": "PK.01.04.09"}.get(programme)  # fmt: skip
    if code:
        sk_number = f"PAS-{1000 + _sk_serial}.{code} Tahun {sk_date.year}"
    else:  # court decision or diversion agreement
        sk_number = f"{rng.randint(10, 450)}/Pid.{'Sus-Anak' if child else 'B'}/{sk_date.year}/PN {rng.choice(['Yyk', 'Smn', 'Btl', 'Wat', 'Wno'])}"
    special = ""
    if offence[1] == "narkotika":
        special = "Mengikuti program rehabilitasi rawat jalan dan tes urine berkala."
    elif child:
        special = "Tetap bersekolah dan didampingi orang tua saat wajib lapor."
    return CaseData(
        programme=programme, client_group=ClientGroup.CHILD if child else ClientGroup.ADULT,
        sk_number=sk_number, sk_date=sk_date, handover_date=start, period_start=start,
        period_end=start + dt.timedelta(days=length), origin_institution=origin,
        offence_article=offence[0], offence_category=offence[1], sentence_months=sentence,
        special_conditions=special, guarantor_name=g_name, guarantor_relation=relation,
        guarantor_phone=phone_make(rng), guarantor_address=f"{person_data.address}, {village[1]}",
    )  # fmt: skip


def demo_loaded() -> bool:
    return User.objects.filter(username="kasi1").exists()


def _counts() -> dict:
    demo_bapas = Unit.objects.filter(code__in=("BPS-YK", "BPS-WNS"))
    cases = Case.objects.filter(bapas__in=demo_bapas)
    return {
        "clients": Person.objects.filter(cases__bapas__in=demo_bapas).distinct().count(),
        "cases": cases.count(),
        "active": cases.exclude(status="ended").count(),
        "users": User.objects.filter(username__in=[s[0] for s in DEMO_STAFF]).count(),
    }


@transaction.atomic
def demo_load(*, today: dt.date | None = None) -> dict:
    """Load the demo data unless it is there already (idempotent). Returns counts and `created`."""
    global _sk_serial
    if demo_loaded():
        return {"created": False, **_counts()}
    started = time.monotonic()
    _sk_serial = 0
    today = today or timezone.localdate()
    real_today = timezone.localdate()
    rng = random.Random(DEMO_SEED)
    units = _units()
    users = _staff(units, rng, today)
    used_niks = set(Person.objects.exclude(nik=None).values_list("nik", flat=True))
    plans = [
        ("BPS-YK", YK_CLIENTS, DIY_REGENCIES, INSTITUTIONS_YK, users["kasi1"], 6),
        ("BPS-WNS", WNS_CLIENTS, WNS_REGENCIES, INSTITUTIONS_WNS, users["kasi2"], 2),
    ]
    pk_plan = {
        "BPS-YK": [("pk1", 0), ("pk2", 30), ("pk3", 36), ("pk4", 34), ("apk1", 28)],
        "BPS-WNS": [("pk5", 20), ("pk6", 22), ("pk7", 20), ("pk8", 18), ("apk2", 20)],
    }
    ends: list[tuple[Case, str]] = []
    for code, total, regencies, institutions, kasi, n_children in plans:
        villages = _Villages(regencies)
        n_completed = 9 if code == "BPS-YK" else 3
        n_new = 10 if code == "BPS-YK" else 3
        to_assign: dict[str, list[Case]] = defaultdict(list)
        for i in range(total):
            child = i < n_children
            data, village = _person_data(
                rng, today=today, villages=villages, child=child, used_niks=used_niks
            )
            programme = _weighted(rng, CHILD_PROGRAMMES if child else ADULT_PROGRAMMES)
            length, sentence = _period(rng, programme)
            if n_children <= i < n_children + n_completed:  # history: ended
                programme = "PB" if rng.random() < 0.7 else "CB"
                length, sentence = _period(rng, programme)
                end = real_today - dt.timedelta(days=rng.randint(20, 300))
                start = end - dt.timedelta(days=length)
            elif i >= total - n_new:  # handed over this week, not yet assigned
                start = today - dt.timedelta(days=rng.randint(0, min(4, today.weekday() + 2)))
            elif programme == "CMK":
                length, start = 3, today - dt.timedelta(days=1)
            elif i % 60 == 7:  # period just ended, waiting to be closed
                start = today - dt.timedelta(days=length + rng.randint(1, 10))
            else:
                elapsed = max(7, min(730, int(length * rng.uniform(0.03, 0.97))))
                start = today - dt.timedelta(days=elapsed)
            person = person_create(actor=kasi, data=data)
            case = case_receive(
                actor=kasi,
                person=person,
                data=_case_data(rng, programme=programme, child=child, start=start, length=length,
                                sentence=sentence, institutions=institutions, person_data=data,
                                village=village),
            )  # fmt: skip
            if i >= total - n_new:
                if i % 2:
                    case_register(actor=kasi, case=case)
                continue
            case_register(actor=kasi, case=case)
            ended = n_children <= i < n_children + n_completed
            if ended:
                ends.append((case, EndReason.COMPLETED))
            if code == "BPS-YK" and child:
                to_assign["pk2"].append(case)
            elif code == "BPS-YK" and not ended and len(to_assign["pk1"]) < PK1_CASELOAD and i % 7 in (0, 3):
                to_assign["pk1"].append(case)
            else:
                names = [n for n, w in pk_plan[code] if w]
                weights = [w for n, w in pk_plan[code] if w]
                to_assign[rng.choices(names, weights=weights)[0]].append(case)
        if code == "BPS-YK":  # pk1 gets exactly PK1_CASELOAD active cases
            short = PK1_CASELOAD - len(to_assign["pk1"])
            ended_ids = {e[0].id for e in ends}
            donors = [c for c in to_assign["pk3"] + to_assign["pk4"] if c.id not in ended_ids]
            for case in donors[:short]:
                for key in ("pk3", "pk4"):
                    if case in to_assign[key]:
                        to_assign[key].remove(case)
                to_assign["pk1"].append(case)
        for username, cases in to_assign.items():
            case_assign(actor=kasi, cases=cases, pk=users[username], reason="Penunjukan awal")
    _end_cases(rng, users, units, ends, real_today)
    _backdate(real_today)
    extra = _populate_apps(rng=rng, today=real_today)
    return {"created": True, **extra, "seconds": round(time.monotonic() - started, 1), **_counts()}


def _populate_apps(*, rng: random.Random, today: dt.date) -> dict:
    """The other apps' demo rows, in dependency order (each module's `populate` documents itself)."""
    from bimkemas.activities.demo import populate as activities_populate
    from bimkemas.assessments.demo import populate as assessments_populate
    from bimkemas.contacts.demo import populate as contacts_populate
    from bimkemas.litmas.demo import populate as litmas_populate
    from bimkemas.notify.demo import populate as notify_populate
    from bimkemas.partners.demo import populate as partners_populate
    from bimkemas.plans.demo import populate as plans_populate
    from bimkemas.portal.demo import populate as portal_populate
    from bimkemas.tpp.demo import populate as tpp_populate

    counts = {}
    for name, populate in (("partners", partners_populate), ("contacts", contacts_populate),
                           ("activities", activities_populate),
                           ("notify", notify_populate), ("assessments", assessments_populate),
                           ("litmas", litmas_populate), ("plans", plans_populate),
                           ("portal", portal_populate), ("tpp", tpp_populate)):  # fmt: skip
        counts[name] = populate(rng=rng, today=today)
    return counts


def _end_cases(rng, users, units, ends, real_today):
    kasi1, kasi2 = users["kasi1"], users["kasi2"]
    for case, reason in ends:
        case.refresh_from_db()
        case_end(actor=kasi1 if case.bapas.code == "BPS-YK" else kasi2, case=case, reason=reason,
                 end_date=min(case.period_end, real_today), note="Masa bimbingan selesai.")  # fmt: skip
    yk_active = list(
        Case.objects.filter(bapas=units["BPS-YK"], client_group=ClientGroup.ADULT, status="supervised")
        .exclude(officer__username="pk1")
        .filter(handover_date__lte=real_today - dt.timedelta(days=60))
        .order_by("id")
    )
    revoked, died, moved = yk_active[11], yk_active[23], yk_active[42]
    case_end(
        actor=kasi1, case=revoked, reason=EndReason.REVOKED, end_date=real_today - dt.timedelta(days=9),
        note="Tidak melapor tiga kali berturut-turut dan tidak ditemukan di alamat (BAP kunjungan rumah); "
        "sidang TPP merekomendasikan pencabutan, usulan dikirim ke Ditjenpas.",
    )  # fmt: skip
    case_end(actor=kasi1, case=died, reason=EndReason.DIED, end_date=real_today - dt.timedelta(days=30),
             note="Meninggal dunia karena sakit; surat keterangan kematian dari kelurahan.")  # fmt: skip
    case_end(
        actor=kasi1, case=moved, reason=EndReason.TRANSFERRED, end_date=real_today - dt.timedelta(days=14),
        transfer_to=units["BPS-WNS"], note="Klien pindah domisili ke Kabupaten Gunungkidul bersama keluarga.",
    )  # fmt: skip
    continued = Case.objects.get(previous_case=moved)
    case_register(actor=kasi2, case=continued)
    case_assign(actor=kasi2, cases=[continued], pk=users["pk6"], reason="Pindahan dari Bapas Yogyakarta")


def _at(day: dt.date, hour: int, minute: int, now: dt.datetime) -> dt.datetime:
    return min(dt.datetime.combine(day, dt.time(hour, minute), tzinfo=JAKARTA), now)


def _backdate(real_today: dt.date) -> None:
    """Move timeline events and assignment starts to the handover/end dates (demo realism only)."""
    now = timezone.now()
    demo_cases = Case.objects.filter(bapas__code__in=("BPS-YK", "BPS-WNS"))
    events = list(CaseEvent.objects.filter(case__in=demo_cases).select_related("case"))
    minutes = {"received": (8, 30), "registered": (10, 15), "assigned": (13, 0), "reassigned": (13, 0)}
    for ev in events:
        case = ev.case
        if ev.code in ("ended",):
            ev.at = _at(case.end_date or real_today, 14, 0, now)
        elif ev.code == "transferred_in":
            ev.at = _at(case.handover_date, 14, 5, now)
        elif ev.code in minutes:
            day = case.handover_date + dt.timedelta(days=1 if ev.code in ("assigned", "reassigned") else 0)
            ev.at = _at(min(day, case.first_contact_due), *minutes[ev.code], now)
    CaseEvent.objects.bulk_update(events, ["at"], batch_size=500)
    assignments = list(Assignment.objects.filter(case__in=demo_cases).select_related("case"))
    for a in assignments:
        day = min(a.case.handover_date + dt.timedelta(days=1), a.case.first_contact_due)
        a.started_at = _at(day, 13, 0, now)
        if a.ended_at and a.case.end_date:
            a.ended_at = _at(a.case.end_date, 14, 0, now)
    Assignment.objects.bulk_update(assignments, ["started_at", "ended_at"], batch_size=500)
