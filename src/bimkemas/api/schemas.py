"""Response and filter schemas of the API. Field names are a contract: add, never rename."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from bimkemas.api.helpers import actor_today, list_display_name
from bimkemas.cases.models import Case, ClientGroup, Programme, Status
from bimkemas.cases.phases import phase_on
from bimkemas.cases.selectors import days_left

ProgrammeCode = Literal[tuple(Programme.values)]  # type: ignore[valid-type]
ClientGroupCode = Literal[tuple(ClientGroup.values)]  # type: ignore[valid-type]
StatusFilter = Literal[("active", "all", *Status.values)]  # type: ignore[valid-type]
PhaseCode = Literal["awal", "lanjutan", "akhir", "after_care"]


class CaseFilters(Schema):
    q: str = Field("", max_length=100, description="Nama, alias, nomor register, atau awal NIK (≥ 6 angka)")
    programme: ProgrammeCode | None = None
    status: StatusFilter = Field("active", description="active (default), all, atau kode status")
    client_group: ClientGroupCode | None = None


class CaseListItem(Schema):
    """One row of the caseload, from a Case annotated by `with_actor_named`, for the requesting actor."""

    id: int
    register_number: str
    name: str = Field(description="Nama klien; anak di luar tim kasus hanya inisial")
    programme: ProgrammeCode
    client_group: ClientGroupCode
    status: str
    phase: PhaseCode | None = Field(description="Tahap bimbingan hari ini; null sebelum masa bimbingan")
    period_start: dt.date
    period_end: dt.date
    days_left: int
    pk_name: str | None
    restricted: bool

    @staticmethod
    def resolve_name(obj: Case, context) -> str:
        return list_display_name(obj, context["request"].auth)

    @staticmethod
    def resolve_phase(obj: Case, context) -> str | None:
        return phase_on(obj.period_start, obj.period_end, actor_today(context["request"]))

    @staticmethod
    def resolve_days_left(obj: Case, context) -> int:
        return days_left(obj, actor_today(context["request"]))

    @staticmethod
    def resolve_pk_name(obj: Case) -> str | None:
        return obj.officer.display_name if obj.officer_id else None


class PhaseOut(Schema):
    code: PhaseCode
    label: str
    start: dt.date
    end: dt.date | None
    current: bool


class PersonOut(Schema):
    """The client. Outside the case team a child's identifiers are withheld (`masked`)."""

    masked: bool
    name: str
    nik: str | None
    sex: str | None
    birth_place: str | None
    birth_date: dt.date | None
    address: str | None
    rt: str | None
    rw: str | None
    village_code: str | None
    village_path: str | None


class GuarantorOut(Schema):
    name: str
    relation: str
    phone: str
    address: str


class CaseDetail(Schema):
    id: int
    register_number: str
    bapas: str
    programme: ProgrammeCode
    programme_label: str
    client_group: ClientGroupCode
    status: str
    status_label: str
    in_team: bool
    person: PersonOut
    sk_number: str
    sk_date: dt.date
    origin_institution: str
    offence_article: str
    offence_category: str
    sentence_months: int | None
    sentence_days: int
    handover_date: dt.date
    first_contact_due: dt.date
    period_start: dt.date
    period_end: dt.date
    after_care_end: dt.date | None
    days_left: int
    phase: PhaseCode | None
    phases: list[PhaseOut]
    general_conditions: str
    special_conditions: str
    guarantor: GuarantorOut | None
    pk_name: str | None
    restricted: bool
    end_reason: str
    end_date: dt.date | None


class RegionOut(Schema):
    code: str
    name: str
    path: str
    lat: float | None
    lng: float | None


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str


class MeOut(Schema):
    username: str
    name: str
    unit: UnitOut | None
    roles: list[str]
    role_labels: list[str]


class ErrorOut(Schema):
    detail: str
