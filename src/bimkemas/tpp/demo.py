"""Demo TPP sessions of Bapas Yogyakarta: two held in the past months (several cases each, with
recommendations and final minutes) and one planned for next week. Made through the services.

Two revocations (pencabutan) go with them: one discussed in the second held session, whose final minutes
filled its TPP step (it now waits for the Kepala's suspension), and one at its BAP step, on the agenda of
the planned session."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from bimkemas.cases.models import Case, CaseEvent, ClientGroup, Status
from bimkemas.org.models import Unit, User
from bimkemas.tpp.models import Decision, Purpose, TppSession
from bimkemas.tpp.services import (
    tpp_attendance_record,
    tpp_item_add,
    tpp_item_record,
    tpp_member_add,
    tpp_session_create,
    tpp_session_finalise,
)

OUTSIDE_MEMBERS = [
    ("Drs. Heru Prasetyo", "Perwakilan Lapas Kelas IIA Yogyakarta"),
    ("Ratna Dewi, S.H.", "Perwakilan Kejaksaan Negeri Yogyakarta"),
]

DISCUSSION = {
    Purpose.PROGRAMME: "PK menyajikan hasil asesmen kebutuhan dan usulan program tahap berikutnya.",
    Purpose.EVALUATION: "PK melaporkan kepatuhan wajib lapor dan kehadiran klien dalam kegiatan bimbingan.",
    Purpose.LITMAS: "PK menyajikan Litmas: keluarga dan lingkungan menerima klien, penjamin hadir.",
    Purpose.REVOCATION: "Klien tidak wajib lapor tiga kali berturut-turut; kunjungan rumah tidak menemukan klien.",
    Purpose.TERMINATION: "Masa bimbingan klien akan berakhir bulan ini tanpa catatan pelanggaran.",
}
RECOMMENDATION = {
    Purpose.PROGRAMME: [
        "Program tahap lanjutan: kemandirian (pelatihan budidaya lele bersama Pokmas) dan wajib lapor sebulan sekali.",
        "Program tahap lanjutan: kepribadian (bimbingan rohani) dan konseling adiksi setiap dua minggu.",
    ],
    Purpose.EVALUATION: [
        "Perubahan perilaku baik; klien melanjutkan ke tahap bimbingan berikutnya.",
        "Kepatuhan wajib lapor kurang; frekuensi lapor dinaikkan menjadi setiap minggu selama dua bulan.",
    ],
    Purpose.LITMAS: ["Litmas disetujui; klien mengikuti program bimbingan sesuai rekomendasi PK."],
    Purpose.REVOCATION: [
        "TPP merekomendasikan Kepala Bapas menghentikan sementara dan mengusulkan pencabutan ke Ditjenpas.",
    ],
    Purpose.TERMINATION: ["Bimbingan diakhiri sesuai masa bimbingan; klien diberi surat keterangan selesai."],
}
PURPOSES = [Purpose.EVALUATION, Purpose.PROGRAMME, Purpose.LITMAS, Purpose.EVALUATION, Purpose.TERMINATION]


def _weekday(day: dt.date, weekday: int = 3) -> dt.date:
    """The nearest `weekday` (Thursday by default) on or before `day`."""
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def _session(*, lead, chair, secretary, pks, day, rng):
    session = tpp_session_create(actor=lead, date=day, time=dt.time(9, 0), place="Ruang Sidang TPP Bapas Kelas I Yogyakarta",
                                 chair=chair, secretary=secretary,
                                 notes="Sidang dibuka oleh Ketua TPP; agenda dibacakan oleh Sekretaris.")  # fmt: skip
    for pk in pks:
        tpp_member_add(actor=lead, session=session, user=pk)
    for name, function in rng.sample(OUTSIDE_MEMBERS, k=rng.randint(1, len(OUTSIDE_MEMBERS))):
        tpp_member_add(actor=lead, session=session, name=name, function=function)
    return session


def _revocation_at_bap(case: Case, *, reported_on: dt.date, bap_date: dt.date):
    """A revocation of `case` reported and examined (BAP) by its PK: it waits for a TPP session."""
    from bimkemas.violations.models import ViolationKind, ViolationSource
    from bimkemas.violations.services import revocation_bap, revocation_report, violation_record

    pk = case.officer
    violation = violation_record(
        actor=pk, case=case, kind=ViolationKind.MISSED_REPORTING, source=ViolationSource.CONTACT,
        evidence="Tidak wajib lapor tiga kali berturut-turut; kunjungan rumah tidak menemukan klien.",
        occurred_on=reported_on - dt.timedelta(days=4),
    )  # fmt: skip
    revocation = revocation_report(actor=pk, case=case, violations=[violation], reported_on=reported_on,
                                   note="Klien tidak dapat dihubungi sejak tiga jadwal wajib lapor terakhir.")  # fmt: skip
    return revocation_bap(actor=pk, revocation=revocation, bap_date=bap_date, examiner=pk.display_name,
                          summary="Keluarga menyatakan klien bekerja di luar kota tanpa memberi tahu Bapas.")  # fmt: skip


def populate(*, rng: random.Random, today: dt.date) -> dict:
    bapas = Unit.objects.filter(code="BPS-YK").first()
    if bapas is None or TppSession.objects.filter(bapas=bapas).exists():
        return {"sessions": 0, "items": 0, "revocations": 0}
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["kasi1", "kepala1", "pk1", "pk2", "pk3", "pk4"])
    }
    kasi, kepala = users["kasi1"], users["kepala1"]
    pks = [users[f"pk{i}"] for i in range(1, 5) if f"pk{i}" in users]
    cases = list(
        Case.objects.filter(bapas=bapas, status=Status.SUPERVISED, client_group=ClientGroup.ADULT,
                            restricted=False, officer__in=pks)
        .select_related("officer")
        .order_by("id")
    )  # fmt: skip
    if len(cases) < 12:
        return {"sessions": 0, "items": 0, "revocations": 0}
    chosen = rng.sample(cases, 12)
    # Cases not otherwise on an agenda, without a revocation already running, for the revocations.
    from bimkemas.violations.selectors import open_revocations_of_cases

    busy = open_revocations_of_cases(case_ids=[c.id for c in cases])
    spare = [c for c in cases if c not in chosen and c.id not in busy]
    spare = rng.sample(spare, min(2, len(spare)))
    zone = ZoneInfo(bapas.timezone or "Asia/Jakarta")
    counts = {"sessions": 0, "items": 0, "revocations": 0}

    for day, batch in ((_weekday(today - dt.timedelta(days=70)), chosen[:5]),
                       (_weekday(today - dt.timedelta(days=25)), chosen[5:9])):  # fmt: skip
        session = _session(lead=kasi, chair=kepala, secretary=kasi, pks=pks, day=day, rng=rng)
        for position, case in enumerate(batch):
            purpose = PURPOSES[position % len(PURPOSES)]
            item = tpp_item_add(actor=kasi, session=session, case=case, purpose=purpose)
            deferred = position == len(batch) - 1 and day > today - dt.timedelta(days=40)
            if deferred:
                tpp_item_record(actor=kasi, item=item, discussion="Dokumen Litmas belum lengkap.",
                                recommendation="", decision=Decision.DEFERRED)  # fmt: skip
            else:
                item = tpp_item_record(actor=case.officer, item=item, discussion=DISCUSSION[purpose],
                                recommendation=rng.choice(RECOMMENDATION[purpose]))  # fmt: skip
                tpp_item_record(actor=kasi, item=item, discussion=item.discussion,
                                recommendation=item.recommendation, decision=Decision.APPROVED)  # fmt: skip
            counts["items"] += 1
        if counts["sessions"] == 1 and len(spare) == 2:  # the second session discusses a revocation
            case = spare.pop(0)
            _revocation_at_bap(
                case, reported_on=day - dt.timedelta(days=10), bap_date=day - dt.timedelta(days=5)
            )
            item = tpp_item_add(actor=kasi, session=session, case=case, purpose=Purpose.REVOCATION)
            item = tpp_item_record(actor=case.officer, item=item, discussion=DISCUSSION[Purpose.REVOCATION],
                                   recommendation=RECOMMENDATION[Purpose.REVOCATION][0])  # fmt: skip
            tpp_item_record(actor=kasi, item=item, discussion=item.discussion, recommendation=item.recommendation,
                            decision=Decision.APPROVED)  # fmt: skip
            counts["items"] += 1
            counts["revocations"] += 1
        # Most PKs came; one may have been on a home visit.
        members = list(session.members.all())
        absent = {m.id for m in members if m.board_role == "member" and m.user_id and rng.random() < 0.25}
        tpp_attendance_record(
            actor=kasi, session=session, present_ids=[m.id for m in members if m.id not in absent]
        )
        tpp_session_finalise(actor=kasi, session=session)
        held_at = dt.datetime.combine(day, dt.time(11, 30), tzinfo=zone)
        TppSession.objects.filter(id=session.id).update(finalised_at=held_at)
        CaseEvent.objects.filter(
            code=CaseEvent.Code.TPP_RECOMMENDATION, payload__session_id=session.id
        ).update(at=held_at)
        counts["sessions"] += 1

    upcoming_day = today + dt.timedelta(days=7)
    session = _session(lead=kasi, chair=kepala, secretary=kasi, pks=pks, day=upcoming_day, rng=rng)
    for position, case in enumerate(chosen[9:12]):
        tpp_item_add(actor=kasi, session=session, case=case, purpose=[Purpose.EVALUATION, Purpose.LITMAS,
                                                                        Purpose.PROGRAMME][position])  # fmt: skip
        counts["items"] += 1
    if spare:  # a revocation waiting for next week's session
        case = spare.pop(0)
        _revocation_at_bap(
            case, reported_on=today - dt.timedelta(days=6), bap_date=today - dt.timedelta(days=3)
        )
        tpp_item_add(actor=kasi, session=session, case=case, purpose=Purpose.REVOCATION)
        counts["items"] += 1
        counts["revocations"] += 1
    counts["sessions"] += 1
    return counts
