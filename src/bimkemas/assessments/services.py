"""Operations that change instruments and assessments: load, start, save a draft, finalise.

Each is atomic and takes the acting user explicitly; assessment changes are audited (they are
personal data about a client), and finalising writes an event on the case timeline.
"""

from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bimkemas.assessments.definition import InstrumentFileError, ParsedInstrument, parse_file
from bimkemas.assessments.models import Assessment, Instrument
from bimkemas.assessments.scoring import clean_answers, domain_scores, score
from bimkemas.assessments.selectors import previous_final
from bimkemas.audit.services import audit_record
from bimkemas.cases.models import Case, CaseEvent, Status
from bimkemas.cases.phases import PHASE_LABELS
from bimkemas.cases.selectors import case_restricted_for, case_scope
from bimkemas.org.models import User

NOTES_MAX = 4000

# --- instruments ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadOutcome:
    instrument: Instrument
    created: bool


def instrument_store(*, parsed: ParsedInstrument, loaded_by_id: int | None, activate: bool = True,
                     model=Instrument) -> tuple[object, bool]:  # fmt: skip
    """Store one parsed file: new version → new row; same version and checksum → nothing; same version,
    other content → InstrumentFileError. `model` lets the data migration pass its historical model."""
    existing = model.objects.filter(code=parsed.code, version=parsed.version).first()
    if existing is not None:
        if existing.checksum == parsed.checksum:
            return existing, False
        raise InstrumentFileError(parsed.source, [
            _("versi %(version)s dari instrumen %(code)s sudah dimuat dengan isi yang berbeda; "
              "naikkan 'version' untuk perubahan apa pun") % {"version": parsed.version, "code": parsed.code}
        ])  # fmt: skip
    d = parsed.definition
    if activate:
        model.objects.filter(code=parsed.code, active=True).update(active=False)
    row = model.objects.create(
        code=d["code"], version=d["version"], kind=d["kind"], name=d["name"], stand_in=d["stand_in"],
        definition=d, active=activate, source=parsed.source[:200], checksum=parsed.checksum,
        loaded_by_id=loaded_by_id,
    )  # fmt: skip
    return row, True


@transaction.atomic
def instrument_load(
    *, paths: list[str | Path], actor: User | None, activate: bool = True
) -> list[LoadOutcome]:
    """Validate every file first, then store them all, or nothing (InstrumentFileError)."""
    parsed = [parse_file(p) for p in paths]
    outcomes = []
    for p in parsed:
        row, created = instrument_store(parsed=p, loaded_by_id=getattr(actor, "pk", None), activate=activate)
        if created:
            audit_record(actor=actor, action="create", obj=row, context="instruments load",
                         changes={"code": [None, row.code], "version": [None, row.version],
                                  "checksum": [None, row.checksum]})  # fmt: skip
        outcomes.append(LoadOutcome(instrument=row, created=created))
    return outcomes


# --- assessments ----------------------------------------------------------------------------------


def _require_team(actor: User, case: Case) -> None:
    """Bapas leads of the case's Bapas and its PK (or named staff) may assess; the case must be open."""
    if not case_scope(actor).filter(id=case.id).exists() or case_restricted_for(case, actor):
        raise PermissionDenied(_("Hanya PK kasus ini dan pimpinan Bapas yang dapat mengisi asesmen."))
    if case.status == Status.ENDED:
        raise ValidationError(_("Kasus sudah berakhir dan hanya dapat dibaca."))


def _require_draft(assessment: Assessment) -> None:
    if assessment.is_final:
        raise ValidationError(_("Asesmen ini sudah final dan hanya dapat dibaca."))


def _apply_scores(assessment: Assessment) -> None:
    result = score(assessment.instrument.definition, assessment.answers)
    assessment.total_score = result.total
    assessment.band = result.band.code if result.band else ""
    assessment.domain_scores = domain_scores(result)


def _clean(assessment: Assessment, answers: dict) -> dict:
    valid, problems = clean_answers(assessment.instrument.definition, answers)
    if problems:
        raise ValidationError({
            code: _("Jawaban untuk butir %(code)s tidak dikenal.") % {"code": code} for code in problems
        })  # fmt: skip
    return valid


@transaction.atomic
def assessment_start(*, actor: User, case: Case, instrument: Instrument, phase: str) -> Assessment:
    _require_team(actor, case)
    if not instrument.active:
        raise ValidationError({"instrument": _("Instrumen ini tidak aktif lagi; pilih versi yang aktif.")})
    if phase not in PHASE_LABELS:
        raise ValidationError({"phase": _("Tahap %(phase)s tidak dikenal.") % {"phase": phase}})
    draft = Assessment.objects.filter(
        case=case, instrument__code=instrument.code, status=Assessment.Status.DRAFT
    ).first()
    if draft is not None:
        raise ValidationError({"instrument": _("Masih ada draf %(name)s untuk kasus ini; lanjutkan draf itu.")
                               % {"name": instrument.display_name}})  # fmt: skip
    assessment = Assessment(
        case=case, instrument=instrument, phase=phase, created_by=actor,
        previous=previous_final(case=case, instrument=instrument),
    )  # fmt: skip
    _apply_scores(assessment)
    assessment.save()
    audit_record(actor=actor, action="create", obj=assessment, context="assessment_start",
                 changes={"case": [None, case.id], "instrument": [None, str(instrument)], "phase": [None, phase]})  # fmt: skip
    return assessment


@transaction.atomic
def assessment_save(*, actor: User, assessment: Assessment, answers: dict, notes: str = "") -> Assessment:
    """Save a draft's answers (some may still be open) and its notes; scores are recomputed."""
    assessment = (
        Assessment.objects.select_for_update().select_related("instrument", "case").get(id=assessment.id)
    )
    _require_team(actor, assessment.case)
    _require_draft(assessment)
    notes = (notes or "").strip()
    if len(notes) > NOTES_MAX:
        raise ValidationError(
            {"notes": _("Catatan terlalu panjang (maksimum %(max)d karakter).") % {"max": NOTES_MAX}}
        )
    before = {"answers": dict(assessment.answers), "notes": assessment.notes}
    assessment.answers = _clean(assessment, answers)
    assessment.notes = notes
    _apply_scores(assessment)
    assessment.save()
    changes = {k: [before[k], getattr(assessment, k)] for k in before if before[k] != getattr(assessment, k)}
    if changes:
        audit_record(actor=actor, action="update", obj=assessment, changes=changes, context="assessment_save")
    return assessment


@transaction.atomic
def assessment_finalise(*, actor: User, assessment: Assessment) -> Assessment:
    """Make a complete draft final (read-only from then on) and compare it with the previous final one."""
    assessment = (
        Assessment.objects.select_for_update().select_related("instrument", "case").get(id=assessment.id)
    )
    _require_team(actor, assessment.case)
    _require_draft(assessment)
    result = score(assessment.instrument.definition, assessment.answers)
    if result.missing:
        raise ValidationError({
            code: _("Butir %(code)s belum dijawab.") % {"code": code} for code in result.missing
        })  # fmt: skip
    now = timezone.now()
    assessment.previous = previous_final(
        case=assessment.case, instrument=assessment.instrument, exclude_id=assessment.id
    )
    _apply_scores(assessment)
    assessment.status = Assessment.Status.FINAL
    assessment.assessed_by = actor
    assessment.assessed_at = now
    assessment.save()
    audit_record(actor=actor, action="update", obj=assessment, context="assessment_finalise",
                 changes={"status": ["draft", "final"], "total_score": [None, assessment.total_score],
                          "band": [None, assessment.band]})  # fmt: skip
    CaseEvent.objects.create(
        case=assessment.case, code="assessed", actor=actor, at=now,
        payload={"instrument": str(assessment.instrument), "phase": assessment.phase, "band": assessment.band,
                 "score": assessment.total_score, "assessment": assessment.id},
    )  # fmt: skip
    return assessment
