"""Prefill: a new draft carries what the client and case records already say."""

from bimkemas.clients.models import PersonAlias
from bimkemas.litmas.services import litmas_create


def test_draft_is_prefilled_from_client_and_case(client_rudi, pk_andi):
    case = client_rudi
    case.guarantor_name = "Siti Aminah"
    case.guarantor_relation = "Istri"
    case.guarantor_address = "Jl. Kaliurang 12, Sleman"
    case.save()
    person = case.person
    person.address = "Jl. Malioboro 5"
    person.rt, person.rw = "3", "7"
    person.occupation = "Buruh"
    person.save()
    PersonAlias.objects.create(person=person, name="Rudi Gondrong", name_key="rudi gondrong")
    litmas = litmas_create(
        actor=pk_andi, case=case, kind="pembimbingan", requested_by="Kalapas", purpose="Tujuan X"
    )
    v = litmas.values
    assert v["identitas.full_name"] == "Rudi Hartono"
    assert v["identitas.nik"] == person.nik
    assert v["identitas.aliases"] == "Rudi Gondrong"
    assert v["identitas.birth"] == "Yogyakarta, 17 Mei 1990"
    assert v["identitas.sex"] == "Laki-laki"
    assert v["identitas.occupation"] == "Buruh"
    assert v["identitas.address"].startswith("Jl. Malioboro 5, RT 003/RW 007")
    assert v["kasus.sk"].startswith(case.sk_number + ", tanggal ")
    assert v["kasus.offence_article"] == "Pasal 362 KUHP"
    assert v["kasus.sentence"] == "24 bulan"
    assert v["kasus.register_number"] == case.register_number
    assert v["keluarga.guarantor"] == "Siti Aminah"
    assert v["keluarga.members"][0]["name"] == "Siti Aminah"
    assert v["keluarga.members"][0]["relation"] == "Istri"
    assert {"source": "Penjamin/keluarga", "detail": "Siti Aminah (Istri)"} in v["pendahuluan.sources"]
    assert v["pendahuluan.requested_by"] == "Kalapas"
    assert v["pendahuluan.purpose"] == "Tujuan X"
    assert v["pendahuluan.method"].startswith("Wawancara")  # the file's default text
    assert v["analisis.analysis"] == ""  # the PK writes the rest


def test_prefill_includes_the_latest_final_assessment(client_rudi, pk_andi):
    from bimkemas.assessments.models import Instrument
    from bimkemas.assessments.services import assessment_finalise, assessment_save, assessment_start

    instrument = Instrument.objects.filter(active=True, kind="risk").first()
    a = assessment_start(actor=pk_andi, case=client_rudi, instrument=instrument, phase="awal")
    answers = {
        i["code"]: i["options"][0]["value"] for s in instrument.definition["sections"] for i in s["items"]
    }
    assessment_save(actor=pk_andi, assessment=a, answers=answers)
    assessment_finalise(actor=pk_andi, assessment=a)
    litmas = litmas_create(actor=pk_andi, case=client_rudi, kind="pembimbingan")
    assert instrument.display_name in litmas.values["analisis.assessment"]
    assert "tingkat" in litmas.values["analisis.assessment"]
