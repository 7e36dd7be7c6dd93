"""Outside lists in the application: import (whole-file validation, all or nothing), linking against the
clients of the Bapas with the linkage engine, and the PK's decision on each proposed match.

The file follows the `bimkemas link` contract (`id,nik,name,birth_date,birth_place,sex,mother_name,
address`; rows sharing an `id` are one person's aliases) plus the optional `institution,event_date,
case_number`. Reading (CSV/XLSX) reuses the handover import's reader, so both imports accept the same
files and name bad rows the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bimkemas.audit.services import audit_record
from bimkemas.cases.handover import FileError, Problem, Table, parse_date, read_table, text
from bimkemas.cases.models import ACTIVE_STATUSES, Case, Status
from bimkemas.clients.models import PersonAlias
from bimkemas.linkage.models import CandidateStatus, ListKind, MatchCandidate, OutsideList, OutsideRecord
from bimkemas.org.models import User

CONTRACT_COLUMNS = ("id", "nik", "name", "birth_date", "birth_place", "sex", "mother_name", "address")
OPTIONAL_COLUMNS = ("institution", "event_date", "case_number")
MAX_LENGTHS = {
    "id": 60, "name": 200, "birth_place": 120, "mother_name": 200, "address": 300,
    "institution": 200, "case_number": 120,
}  # fmt: skip
RECENT_END_DAYS = 90


def review_threshold() -> float:
    return float(getattr(settings, "LINKAGE_REVIEW_THRESHOLD", 0.8))


def sync_max_records() -> int:
    return int(getattr(settings, "LINKAGE_SYNC_MAX_RECORDS", 2000))


# --- import ----------------------------------------------------------------------------------------


@dataclass
class OutsideImportResult:
    filename: str
    rows: int = 0
    file_error: str = ""
    errors: list[Problem] = field(default_factory=list)
    outside_list: OutsideList | None = None

    @property
    def ok(self) -> bool:
        return self.outside_list is not None

    @property
    def error_rows(self) -> int:
        return len({p.row for p in self.errors})


@dataclass
class _Person:
    row: int
    raw: list[dict]
    values: dict
    aliases: list[str]


def outside_validate(table: Table) -> tuple[list[_Person], list[Problem]]:
    """Every bad row and column of the file (nothing stops at the first), and the people it holds."""
    problems: list[Problem] = []
    missing = [c for c in CONTRACT_COLUMNS if c not in table.headers]
    if missing:
        problems.append(
            Problem(
                row=1,
                column=", ".join(missing),
                value="",
                reason=_("Kolom wajib tidak ada. Kolom yang diharapkan: %(expected)s.")
                % {"expected": ",".join(CONTRACT_COLUMNS)},
            )
        )
        return [], problems
    index = {h: i for i, h in enumerate(table.headers) if h}
    people: dict[str, _Person] = {}
    for number, cells in table.rows:
        raw = {h: text(cells[i]) if i < len(cells) else "" for h, i in index.items()}
        values: dict = {}
        row_problems: list[Problem] = []

        def bad(column: str, reason: str, number=number, raw=raw, row_problems=row_problems) -> None:
            row_problems.append(Problem(row=number, column=column, value=raw.get(column, ""), reason=reason))

        for column in ("id", "name"):
            if not raw[column]:
                bad(column, _("Kosong (wajib diisi)."))
        for column, limit in MAX_LENGTHS.items():
            if len(raw.get(column, "")) > limit:
                bad(column, _("Terlalu panjang (paling banyak %(max)d karakter).") % {"max": limit})
        nik = re.sub(r"[\s.\-]", "", raw["nik"])
        if nik and not re.fullmatch(r"\d{16}", nik):
            bad("nik", _("NIK harus 16 digit angka (atau dikosongkan)."))
        values["nik"] = nik
        sex = raw["sex"].upper()
        if sex not in ("", "L", "P"):
            bad("sex", _("Jenis kelamin harus L atau P."))
        values["sex"] = sex
        for column in ("birth_date", "event_date"):
            cell = cells[index[column]] if column in index and index[column] < len(cells) else None
            if not raw.get(column):
                values[column] = None
                continue
            try:
                values[column] = parse_date(cell, from_excel=table.from_excel)
            except ValueError:
                bad(column, _("Tanggal tidak terbaca (tulis YYYY-MM-DD)."))
        if values.get("birth_date") and values["birth_date"] > timezone.localdate():
            bad("birth_date", _("Tanggal lahir di masa depan."))
        for column in ("birth_place", "mother_name", "address", "institution", "case_number"):
            values[column] = raw.get(column, "")
        problems += row_problems
        if row_problems:
            continue
        person = people.get(raw["id"])
        if person is None:
            people[raw["id"]] = _Person(
                row=number, raw=[raw], values={**values, "name": raw["name"]}, aliases=[]
            )
        else:
            person.raw.append(raw)
            if raw["name"] != person.values["name"] and raw["name"] not in person.aliases:
                person.aliases.append(raw["name"])
    return list(people.values()), problems


@transaction.atomic
def outside_list_import(*, actor: User, kind: str, filename: str, content: bytes) -> OutsideImportResult:
    """Validate the whole file; store it only when every row is right (all or nothing)."""
    if not (actor.is_bapas_lead and actor.bapas is not None):
        raise PermissionDenied
    if kind not in ListKind.values:
        raise ValidationError({"kind": _("Jenis daftar tidak dikenal.")})
    result = OutsideImportResult(filename=filename[:200])
    try:
        table = read_table(filename, content)
    except FileError as exc:
        result.file_error = str(exc)
        return result
    result.rows = len(table.rows)
    people, problems = outside_validate(table)
    if problems:
        result.errors = problems
        return result
    outside_list = OutsideList.objects.create(
        kind=kind, bapas=actor.bapas, uploaded_by=actor, filename=result.filename, rows=result.rows
    )
    OutsideRecord.objects.bulk_create(
        [
            OutsideRecord(
                outside_list=outside_list,
                row=p.row,
                raw=p.raw,
                source_id=p.raw[0]["id"],
                name=p.values["name"],
                aliases=p.aliases,
                **{k: p.values[k] or ("" if k not in ("birth_date", "event_date") else None) for k in (
                    "nik", "birth_date", "birth_place", "sex", "mother_name", "address",
                    "institution", "event_date", "case_number",
                )},
            )
            for p in people
        ],
        batch_size=500,
    )  # fmt: skip
    audit_record(actor=actor, action="create", obj=outside_list, context=f"outside_list_import:{kind}")
    result.outside_list = outside_list
    return result


# --- linking ---------------------------------------------------------------------------------------


def _cases_to_link(outside_list: OutsideList, today: dt.date):
    """Active clients, and those whose case ended in the last 90 days, of the list's Bapas (or all)."""
    since = today - dt.timedelta(days=RECENT_END_DAYS)
    qs = Case.objects.filter(Q(status__in=ACTIVE_STATUSES) | Q(status=Status.ENDED, end_date__gte=since))
    if outside_list.bapas_id:
        qs = qs.filter(bapas_id=outside_list.bapas_id)
    return qs.select_related("person").order_by("person_id", "-handover_date", "-id")


def _person_row(person, name: str) -> dict:
    return {
        "id": str(person.id),
        "nik": person.nik or "",
        "name": name,
        "birth_date": person.birth_date.isoformat() if person.birth_date else "",
        "birth_place": person.birth_place,
        "sex": person.sex or "",
        "mother_name": person.mother_name,
        "address": person.address,
    }


def record_row(record: OutsideRecord, name: str | None = None) -> dict:
    return {
        "id": str(record.id),
        "nik": record.nik,
        "name": name or record.name,
        "birth_date": record.birth_date.isoformat() if record.birth_date else "",
        "birth_place": record.birth_place,
        "sex": record.sex,
        "mother_name": record.mother_name,
        "address": record.address,
    }


def link_outside_list(*, outside_list: OutsideList, today: dt.date | None = None) -> dict:
    """Link the list's records with the clients and store new candidates; pairs seen before are skipped.

    The engine runs outside any transaction (it may take seconds); the candidates are written in one.
    """
    import pandas as pd

    from bimkemas.linkage.engine import COLUMNS, explain_pairs, link_frames

    today = today or timezone.localdate()
    case_of_person: dict[int, Case] = {}
    for case in _cases_to_link(outside_list, today):
        case_of_person.setdefault(case.person_id, case)  # active case first (ordered by newest handover)
    records = {r.id: r for r in outside_list.records.all()}
    counts = {"clients": len(case_of_person), "records": len(records), "proposed": 0, "skipped": 0}
    if case_of_person and records:
        left_rows = [_person_row(c.person, c.person.name) for c in case_of_person.values()]
        for alias in PersonAlias.objects.filter(person_id__in=case_of_person):
            left_rows.append(_person_row(case_of_person[alias.person_id].person, alias.name))
        right_rows = [record_row(r) for r in records.values()]
        right_rows += [record_row(r, a) for r in records.values() for a in r.aliases]
        left = pd.DataFrame(left_rows, columns=list(COLUMNS), dtype=str)
        right = pd.DataFrame(right_rows, columns=list(COLUMNS), dtype=str)
        matches = link_frames(left, right, threshold=review_threshold()).matches
        seen = set(
            MatchCandidate.objects.filter(record__outside_list=outside_list).values_list(
                "person_id", "record_id"
            )
        )
        pairs = []
        for row in matches.itertuples(index=False):
            key = (int(row.left_id), int(row.right_id))
            if key in seen:
                counts["skipped"] += 1
                continue
            seen.add(key)
            pairs.append((key, float(row.probability)))
        explanations = (
            explain_pairs([(_person_row(case_of_person[p].person, case_of_person[p].person.name),
                            record_row(records[r])) for (p, r), _prob in pairs])
            if pairs else []
        )  # fmt: skip
        with transaction.atomic():
            MatchCandidate.objects.bulk_create(
                [
                    MatchCandidate(
                        case=case_of_person[p],
                        person_id=p,
                        record=records[r],
                        probability=prob,
                        levels=ex.levels,
                        weights=ex.weights,
                    )
                    for ((p, r), prob), ex in zip(pairs, explanations, strict=True)
                ],
                ignore_conflicts=True,
            )
        counts["proposed"] = len(pairs)
    OutsideList.objects.filter(id=outside_list.id).update(linked_at=timezone.now())
    return counts


def link_or_queue(*, outside_list: OutsideList) -> dict | None:
    """Link now when the list is small; otherwise queue the background task (None)."""
    if outside_list.records.count() <= sync_max_records():
        return link_outside_list(outside_list=outside_list)
    from bimkemas.linkage.tasks import link_outside_list_task

    link_outside_list_task(outside_list.id)
    return None


def link_recent_lists(*, today: dt.date | None = None, days: int = 30) -> int:
    """The nightly run: every list imported in the last `days` days, against today's clients."""
    today = today or timezone.localdate()
    since = timezone.now() - dt.timedelta(days=days)
    lists = list(OutsideList.objects.filter(created_at__gte=since).order_by("id"))
    for outside_list in lists:
        link_outside_list(outside_list=outside_list, today=today)
    return len(lists)


# --- review ----------------------------------------------------------------------------------------


def default_violation_kind(candidate: MatchCandidate) -> str:
    from bimkemas.violations.models import ViolationKind

    if candidate.record.outside_list.kind == ListKind.COURT_DECISION:
        return ViolationKind.NEW_OFFENCE_CONVICTED
    return ViolationKind.NEW_OFFENCE_SUSPECT


@transaction.atomic
def candidate_decide(
    *, actor: User, candidate: MatchCandidate, confirm: bool, note: str = "", kind: str = ""
) -> MatchCandidate:
    """Confirm (a violation is recorded and the Kasi alerted) or reject (never proposed again).

    The caller has authorised the actor on the candidate's case (`case_get_for`)."""
    from bimkemas.violations.services import violation_record

    candidate = (
        MatchCandidate.objects.select_for_update()
        .select_related("record__outside_list", "case__bapas", "case__person")
        .get(id=candidate.id)
    )
    if candidate.status != CandidateStatus.PROPOSED:
        raise ValidationError(_("Kecocokan ini sudah diputuskan."))
    note = note.strip()
    if not confirm and not note:
        raise ValidationError({"note": _("Tulis alasan penolakan.")})
    candidate.status = CandidateStatus.CONFIRMED if confirm else CandidateStatus.REJECTED
    candidate.note = note
    candidate.reviewed_by = actor
    candidate.reviewed_at = timezone.now()
    candidate.save(update_fields=["status", "note", "reviewed_by", "reviewed_at"])
    audit_record(
        actor=actor, action="update", obj=candidate, changes={"status": ["proposed", candidate.status]},
        context="candidate_decide",
    )  # fmt: skip
    if confirm:
        record = candidate.record
        lines = [
            _("Ditemukan di %(list)s (berkas %(file)s, baris %(row)d).")
            % {"list": record.outside_list.get_kind_display(), "file": record.outside_list.filename, "row": record.row},
            _("Nama di daftar: %(name)s.") % {"name": record.name},
        ]  # fmt: skip
        if record.institution:
            lines.append(_("Instansi: %(v)s.") % {"v": record.institution})
        if record.case_number:
            lines.append(_("Nomor perkara/register: %(v)s.") % {"v": record.case_number})
        if record.event_date:
            lines.append(_("Tanggal: %(v)s.") % {"v": record.event_date.isoformat()})
        lines.append(_("Peluang kecocokan: %(p)d%%.") % {"p": round(candidate.probability * 100)})
        if note:
            lines.append(note)
        violation_record(
            actor=actor,
            case=candidate.case,
            kind=kind or default_violation_kind(candidate),
            source="linkage",
            evidence="\n".join(lines),
            occurred_on=record.event_date or timezone.localdate(),
            match_candidate=candidate,
        )
    return candidate
