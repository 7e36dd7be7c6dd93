"""Synthetic national-scale data for benchmarks (`bimkemas seed --clients N`).

About 100 Bapas spread over the provinces present in the Region table (each province with a
Kanwil), PK/APK staff at about one per 60 clients, N persons with one case each (most active,
spread over programmes and guidance phases), and the current PK assignments.

This deliberately bypasses the services (`person_create`, `case_receive`, `case_assign`): going
through them costs ~10 ms and a dozen queries per client, which is hours for 150,000 clients. Rows
are written with `bulk_create` in batches instead, and we keep the invariants the pages rely on
ourselves: unique NIKs (valid structure, consistent with birth date and sex), unique register
numbers in the services' format (and the register counters moved past them, so later
`case_receive` calls continue the numbering), `name_key` for search, one open assignment per
supervised case, `first_contact_due` in working days. Timeline events and audit entries are NOT
written for seeded rows: no page needs them to list a caseload, and a benchmark database is not a
record of anything. Never run this against a production database.
"""

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bimkemas.cases.models import (
    ACTIVE_STATUSES,
    DEFAULT_GENERAL_CONDITIONS,
    Assignment,
    Case,
    ClientGroup,
    EndReason,
    RegisterCounter,
    Status,
)
from bimkemas.cases.services import register_code
from bimkemas.clients.models import Person, PersonAlias, PersonPhone, Sex
from bimkemas.clients.names import name_key
from bimkemas.core.demo_data import (
    ADULT_PROGRAMMES,
    CHILD_PROGRAMMES,
    DUSUN,
    INSTITUTIONS_YK,
    LPKA,
    NICKNAMES_MALE,
    NON_CUSTODIAL,
    OCCUPATIONS_ADULT,
    OFFENCES,
    STREETS,
    _period,
    mother_name,
    person_name,
    phone_make,
)
from bimkemas.core.workdays import add_working_days
from bimkemas.org.models import PkRank, Role, Unit, User
from bimkemas.regions.models import Region

SEED_PASSWORD = "bimkemas-seed"  # noqa: S105 - benchmark data only
CLIENTS_PER_PK = 60
WIT = {"81", "82", "91", "92", "93", "94", "95", "96", "97"}
WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}


def province_timezone(code: str) -> str:
    if code in WIT:
        return "Asia/Jayapura"
    if code in WITA:
        return "Asia/Makassar"
    return "Asia/Jakarta"


def _short(regency_name: str) -> str:
    for prefix in ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota "):
        if regency_name.startswith(prefix):
            return regency_name[len(prefix) :]
    return regency_name


def _split(total: int, weights: list[float]) -> list[int]:
    """Split `total` into integers proportional to `weights` (largest remainder)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[: total - sum(out)]:
        out[i] += 1
    return out


def default_bapas_count(clients: int) -> int:
    return 100 if clients >= 10_000 else max(2, min(100, clients // 100))


def _geography():
    provinces = dict(Region.objects.filter(level=Region.Level.PROVINCE).values_list("code", "name"))
    regencies: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code, name in (
        Region.objects.filter(level=Region.Level.REGENCY).order_by("code").values_list("code", "name")
    ):
        regencies[code[:2]].append((code, name))
    villages: dict[str, list[str]] = defaultdict(list)
    for code in (
        Region.objects.filter(level=Region.Level.VILLAGE).order_by("code").values_list("code", flat=True)
    ):
        villages[code[:5]].append(code)
    usable = {p: [r for r in regencies[p] if villages.get(r[0])] for p in provinces}
    usable = {p: rs for p, rs in usable.items() if rs}
    if not usable:
        raise ImproperlyConfigured(
            _("Data wilayah belum dimuat: jalankan `bimkemas migrate` terlebih dahulu.")
        )
    return provinces, usable, villages


def _units(n_bapas: int, provinces, regencies, rng: random.Random) -> list[tuple[Unit, list[str]]]:
    """Ditjenpas, a Kanwil per province used, `n_bapas` Bapas; returns (bapas, area regency codes)."""
    ditjenpas, _c = Unit.objects.get_or_create(
        code="DITJENPAS", defaults={"kind": Unit.Kind.DITJENPAS, "name": "Direktorat Jenderal Pemasyarakatan"}
    )
    order = sorted(regencies, key=lambda p: (-len(regencies[p]), p))
    if n_bapas <= len(order):
        per_province = dict.fromkeys(order[:n_bapas], 1)
    else:
        extra = _split(n_bapas - len(order), [len(regencies[p]) for p in order])
        per_province = {p: 1 + e for p, e in zip(order, extra, strict=True)}
    result = []
    for prov in sorted(per_province):
        kanwil, _c = Unit.objects.get_or_create(
            code=f"KW-{prov}",
            defaults={"kind": Unit.Kind.KANWIL, "name": f"Kanwil {provinces[prov].title()}", "parent": ditjenpas,
                      "province_id": prov},
        )  # fmt: skip
        count = per_province[prov]
        # cities (regency codes 71+) first: the Kelas I Bapas sits in the provincial capital
        regs = sorted(regencies[prov], key=lambda r: (r[0][3:5] < "71", r[0]))
        areas: list[list[str]] = [[] for _i in range(count)]
        for i, (code, _name) in enumerate(regs):
            areas[i % count].append(code)
        for k in range(count):
            if not areas[k]:
                areas[k].append(regs[k % len(regs)][0])
            code = f"SEED-{prov}-{k + 1:02d}"
            first = dict(regs)[areas[k][0]]
            name = f"Bapas Kelas {'I' if k == 0 else 'II'} {_short(first)}"
            if count > len(regs):
                name = f"{name} {k + 1}"
            unit, created = Unit.objects.get_or_create(
                code=code,
                defaults={"kind": Unit.Kind.BAPAS, "name": name, "parent": kanwil, "klass": "I" if k == 0 else "II",
                          "timezone": province_timezone(prov), "city": _short(first)},
            )  # fmt: skip
            if created:
                unit.area.set(areas[k])
            result.append((unit, list(unit.area.values_list("code", flat=True)) or areas[k]))
    return result


def _staff(units, sizes, rng: random.Random, password: str) -> dict[int, tuple[User, list[User]]]:
    """A Kasi and ~1 PK per 60 clients per Bapas (existing seeded staff are kept and topped up)."""
    existing: dict[int, list[User]] = defaultdict(list)
    kasis: dict[int, User] = {}
    for u in User.objects.filter(unit__in=[u for u, _a in units], username__startswith="seed."):
        if u.is_supervisor:
            existing[u.unit_id].append(u)
        elif u.is_bapas_lead:
            kasis[u.unit_id] = u
    new: list[User] = []
    for (unit, _area), size in zip(units, sizes, strict=True):
        active_before = Case.objects.filter(bapas=unit, status__in=ACTIVE_STATUSES).count()
        want = max(1, round((active_before + size) / CLIENTS_PER_PK))
        prefix = f"seed.{unit.code.lower()}"
        if unit.id not in kasis:
            kasi = User(username=f"{prefix}.kasi", full_name=person_name(rng, Sex.MALE)[0], unit=unit,
                        password=password)  # fmt: skip
            kasi.roles = [Role.KASI]
            kasis[unit.id] = kasi
            new.append(kasi)
        for j in range(len(existing[unit.id]), want):
            apk = rng.random() < 0.15
            pk = User(username=f"{prefix}.pk{j + 1:03d}", full_name=person_name(rng, rng.choice("LLP"))[0],
                      unit=unit, password=password,
                      rank=rng.choice([PkRank.TERAMPIL, PkRank.MAHIR]) if apk
                      else rng.choice([PkRank.AHLI_PERTAMA, PkRank.AHLI_MUDA, PkRank.AHLI_MADYA]))  # fmt: skip
            pk.roles = [Role.APK if apk else Role.PK]
            existing[unit.id].append(pk)
            new.append(pk)
    User.objects.bulk_create(new, batch_size=1000)  # sets the ids (PostgreSQL, SQLite ≥ 3.35)
    return {unit.id: (kasis[unit.id], existing[unit.id]) for unit, _a in units}


class _Counters:
    """Register numbers in the services' format, continuing (and then advancing) RegisterCounter."""

    def __init__(self):
        self.last = {(c.bapas_id, c.register, c.year): c.last_number for c in RegisterCounter.objects.all()}
        self.touched: set[tuple[int, str, int]] = set()

    def next(self, unit: Unit, programme: str, group: str, year: int) -> str:
        register = register_code(programme, group)
        key = (unit.id, register, year)
        n = self.last.get(key, 0) + 1
        self.last[key] = n
        self.touched.add(key)
        return f"{unit.code}/{register}/{n:04d}/{year}"

    def save(self) -> None:
        RegisterCounter.objects.bulk_create(
            [RegisterCounter(bapas_id=b, register=r, year=y, last_number=self.last[(b, r, y)])
             for b, r, y in sorted(self.touched)],
            batch_size=1000, update_conflicts=True, unique_fields=["bapas", "register", "year"],
            update_fields=["last_number"],
        )  # fmt: skip


class _Generator:
    def __init__(
        self, rng: random.Random, today: dt.date, villages: dict[str, list[str]], used_niks: set[str]
    ):
        self.rng = rng
        self.today = today
        self.villages = villages
        self.used_niks = used_niks
        self.serials: dict[str, int] = defaultdict(int)
        self.keys: dict[str, str] = {}
        self.offences = [(a, c) for a, c, _w, _child in OFFENCES]
        self.offence_weights = [w for _a, _c, w, _child in OFFENCES]
        self.child_offences = [(a, c) for a, c, _w, child in OFFENCES if child]
        self.general = str(DEFAULT_GENERAL_CONDITIONS)
        self.adult_prog = [p for p, _w in ADULT_PROGRAMMES]
        self.adult_prog_w = [w for _p, w in ADULT_PROGRAMMES]
        self.child_prog = [p for p, _w in CHILD_PROGRAMMES]
        self.child_prog_w = [w for _p, w in CHILD_PROGRAMMES]

    def nik(self, village: str, birth: dt.date, sex: str) -> str:
        day = birth.day + (40 if sex == Sex.FEMALE else 0)
        stem = f"{village[:8].replace('.', '')}{day:02d}{birth.month:02d}{birth.year % 100:02d}"
        while True:
            self.serials[stem] += 1
            nik = f"{stem}{self.serials[stem]:04d}"
            if nik not in self.used_niks:
                self.used_niks.add(nik)
                return nik

    def name_key(self, name: str) -> str:
        key = self.keys.get(name)
        if key is None:
            key = self.keys[name] = name_key(name)
        return key

    def person(self, area: list[str], child: bool) -> tuple[Person, list[str], str | None]:
        rng = self.rng
        sex = Sex.MALE if child or rng.random() < 0.9 else Sex.FEMALE
        name, religion, place, aliases = person_name(rng, sex)
        age_days = rng.randint(14 * 365 + 4, 17 * 365 + 360) if child else rng.randint(19 * 365, 62 * 365)
        birth = self.today - dt.timedelta(days=age_days)
        village = rng.choice(self.villages[rng.choice(area)])
        person = Person(
            nik=self.nik(village, birth, sex), name=name, name_key=self.name_key(name), birth_place=place,
            birth_date=birth, sex=sex, religion=religion, education=rng.choice(["sd", "smp", "sma", "sma"]),
            occupation="Pelajar" if child else rng.choice(OCCUPATIONS_ADULT)[0],
            marital_status="single" if child or rng.random() < 0.4 else "married",
            mother_name=mother_name(rng), village_id=village,
            address=f"{rng.choice(STREETS)} No. {rng.randint(1, 250)}" if village[9] == "1"
            else f"Dusun {rng.choice(DUSUN)}",
            rt=f"{rng.randint(1, 15):03d}", rw=f"{rng.randint(1, 12):03d}", nik_warnings=[],
        )  # fmt: skip
        phone = None if rng.random() < 0.08 else phone_make(rng)
        if not aliases and rng.random() < 0.05:
            aliases = [rng.choice(NICKNAMES_MALE)]
        return person, aliases, phone

    def case(self, person: Person, unit: Unit, counters: _Counters, child: bool, ended: bool) -> Case:
        rng = self.rng
        if child:
            programme = rng.choices(self.child_prog, weights=self.child_prog_w)[0]
            article, category = rng.choice(self.child_offences)
        else:
            programme = rng.choices(self.adult_prog, weights=self.adult_prog_w)[0]
            article, category = rng.choices(self.offences, weights=self.offence_weights)[0]
        length, sentence = _period(rng, programme)
        if ended:
            end = self.today - dt.timedelta(days=rng.randint(1, 700))
            start = end - dt.timedelta(days=length)
        elif programme == "CMK":
            start = self.today - dt.timedelta(days=rng.randint(0, 1))
        else:
            start = self.today - dt.timedelta(days=max(0, min(730, int(length * rng.uniform(0.0, 0.98)))))
        group = ClientGroup.CHILD if child else ClientGroup.ADULT
        origin = "" if programme in NON_CUSTODIAL else (LPKA if child else rng.choice(INSTITUTIONS_YK))
        sk_date = start - dt.timedelta(days=rng.randint(3, 14))
        return Case(
            person=person, bapas=unit, client_group=group, programme=programme,
            register_number=counters.next(unit, programme, group, start.year),
            status=Status.ENDED if ended else Status.SUPERVISED,
            sk_number=f"PAS-{rng.randint(100, 99999)}.PK.01.05.06 Tahun {sk_date.year}", sk_date=sk_date,
            origin_institution=origin, offence_article=article, offence_category=category,
            sentence_months=sentence, handover_date=start, first_contact_due=add_working_days(start, 2),
            period_start=start, period_end=start + dt.timedelta(days=length),
            general_conditions=self.general, guarantor_name=person_name(rng, rng.choice("LP"))[0],
            guarantor_relation=rng.choice(["Orang tua", "Istri", "Kakak kandung", "Paman"]),
            guarantor_phone=phone_make(rng),
            end_reason=EndReason.COMPLETED if ended else "", end_date=start + dt.timedelta(days=length) if ended else None,
        )  # fmt: skip


def _e164(local: str) -> str:
    return "+62" + local[1:]


@transaction.atomic
def seed_national(
    *,
    clients: int,
    bapas: int | None = None,
    batch_size: int = 5000,
    seed: int = 7,
    ended_share: float = 0.08,
    today: dt.date | None = None,
    log: Callable[[str], None] = lambda msg: None,
) -> dict:
    """Write `clients` persons with one case each over ~100 Bapas. Returns counts and timings.

    `ended_share` of each Bapas's cases are ended (history); the rest are active.
    """
    started = time.monotonic()
    rng = random.Random(seed)
    today = today or timezone.localdate()
    provinces, regencies, villages = _geography()
    n_bapas = bapas or default_bapas_count(clients)
    units = _units(n_bapas, provinces, regencies, rng)
    sizes = _split(clients, [rng.uniform(0.5, 1.5) for _u in units])
    staff = _staff(units, sizes, rng, make_password(SEED_PASSWORD))
    log(f"{len(units)} Bapas in {len({u.parent_id for u, _a in units})} Kanwil, "
        f"{sum(len(p) for _k, p in staff.values())} PK/APK ({time.monotonic() - started:.1f} s)")  # fmt: skip
    used = set(Person.objects.exclude(nik=None).values_list("nik", flat=True))
    gen = _Generator(rng, today, villages, used)
    counters = _Counters()
    # (unit, area, kasi, PK ids with cumulative weights) per client, in Bapas order
    plan = []
    for (unit, area), size in zip(units, sizes, strict=True):
        kasi, pks = staff[unit.id]
        weights = [rng.uniform(0.6, 1.4) for _p in pks]
        plan.append((unit, area, kasi, [p.id for p in pks], weights, size))
    tz_cache: dict[str, ZoneInfo] = {}
    written = 0
    pending: list[tuple] = []

    def flush() -> None:
        nonlocal written
        persons = [p for p, *_rest in pending]
        Person.objects.bulk_create(persons, batch_size=batch_size)
        aliases, phones, cases = [], [], []
        for person, alias_list, phone, unit, child, ended, _officer, _kasi in pending:
            aliases += [PersonAlias(person=person, name=a, name_key=gen.name_key(a)) for a in alias_list]
            if phone:
                phones.append(PersonPhone(person=person, number=_e164(phone)))
            cases.append(gen.case(person, unit, counters, child, ended))
        PersonAlias.objects.bulk_create(aliases, batch_size=batch_size)
        PersonPhone.objects.bulk_create(phones, batch_size=batch_size)
        for case, (*_head, officer, _kasi) in zip(cases, pending, strict=True):
            case.officer_id = officer
            if officer is None and case.status != Status.ENDED:
                case.status = rng.choice([Status.RECEIVED, Status.REGISTERED])
        Case.objects.bulk_create(cases, batch_size=batch_size)
        assignments = []
        for case, (*_head, officer, kasi_id) in zip(cases, pending, strict=True):
            if officer is None:
                continue
            tz = tz_cache.setdefault(case.bapas.timezone, ZoneInfo(case.bapas.timezone))
            start = dt.datetime.combine(case.handover_date, dt.time(10, 0), tzinfo=tz)
            end = dt.datetime.combine(case.end_date, dt.time(14, 0), tzinfo=tz) if case.end_date else None
            assignments.append(Assignment(case=case, officer_id=officer, assigned_by_id=kasi_id,
                                          started_at=start, ended_at=end))  # fmt: skip
        Assignment.objects.bulk_create(assignments, batch_size=batch_size)
        written += len(pending)
        pending.clear()
        log(f"{written} / {clients} klien ({time.monotonic() - started:.1f} s)")

    for unit, area, kasi, pk_ids, weights, size in plan:
        cum = []
        total = 0.0
        for w in weights:
            total += w
            cum.append(total)
        n_ended = round(size * ended_share)
        for i in range(size):
            child = rng.random() < 0.02
            ended = i < n_ended
            unassigned = not ended and rng.random() < 0.03
            person, aliases, phone = gen.person(area, child)
            officer = None if unassigned else rng.choices(pk_ids, cum_weights=cum)[0]
            pending.append((person, aliases, phone, unit, child, ended, officer, kasi.id))
            if len(pending) >= batch_size:
                flush()
    if pending:
        flush()
    counters.save()
    return {
        "clients": written,
        "active": written - sum(round(size * ended_share) for size in sizes),
        "bapas": len(units),
        "kanwil": len({u.parent_id for u, _a in units}),
        "supervisors": sum(len(p) for _k, p in staff.values()),
        "seconds": round(time.monotonic() - started, 1),
    }
