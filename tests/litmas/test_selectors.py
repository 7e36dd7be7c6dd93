"""litmas_due_for: what the PK still has to write, with due dates (for the "Hari ini" page)."""

import datetime as dt

from django.urls import reverse

from bimkemas.cases.services import case_assign
from bimkemas.litmas.selectors import litmas_due_for
from bimkemas.litmas.services import litmas_approve, litmas_create, litmas_save, litmas_submit
from tests.cases.factories import receive_client
from tests.litmas.conftest import complete_values


def test_case_without_litmas_is_due_after_handover(client_rudi, pk_andi, settings):
    settings.LITMAS_DUE_DAYS_AFTER_HANDOVER = 10
    handover = client_rudi.handover_date
    items = litmas_due_for(actor=pk_andi, today=handover + dt.timedelta(days=5))
    assert len(items) == 1
    item = items[0]
    assert item.case == client_rudi and item.litmas is None
    assert item.due_date == handover + dt.timedelta(days=10)
    assert not item.overdue
    assert item.kind_label.startswith("Litmas pembimbingan")
    assert item.url == reverse("litmas_create", args=[client_rudi.id]) + "?kind=pembimbingan"
    assert litmas_due_for(actor=pk_andi, today=handover + dt.timedelta(days=11))[0].overdue
    assert litmas_due_for(actor=pk_andi, today=handover - dt.timedelta(days=1)) == []  # not yet handed over
    assert litmas_due_for(actor=pk_andi, today=handover + dt.timedelta(days=200)) == []  # before the system


def test_draft_and_returned_are_listed_until_approved(client_rudi, pk_andi, kepala_dewi):
    today = client_rudi.handover_date + dt.timedelta(days=3)
    draft = litmas_create(actor=pk_andi, case=client_rudi, kind="pembimbingan", today=today)
    items = litmas_due_for(actor=pk_andi, today=today)
    assert [(i.litmas, i.status_label) for i in items] == [(draft, "Draf")]
    assert items[0].url == reverse("litmas_edit", args=[draft.id])
    litmas, _ = litmas_save(actor=pk_andi, litmas=draft, values=complete_values(draft))
    litmas = litmas_submit(actor=pk_andi, litmas=litmas)
    assert litmas_due_for(actor=pk_andi, today=today) == []  # with the Kepala now
    from bimkemas.litmas.services import litmas_return

    litmas = litmas_return(actor=kepala_dewi, litmas=litmas, comment="Perbaiki")
    assert [i.status_label for i in litmas_due_for(actor=pk_andi, today=today)] == ["Dikembalikan"]
    litmas = litmas_submit(actor=pk_andi, litmas=litmas)
    litmas_approve(actor=kepala_dewi, litmas=litmas)
    assert litmas_due_for(actor=pk_andi, today=today) == []


def test_only_the_actors_own_cases_and_programmes_that_need_it(client_rudi, pk_andi, pk_rina, kasi_budi):
    today = client_rudi.handover_date + dt.timedelta(days=3)
    assert litmas_due_for(actor=pk_rina, today=today) == []
    cmk = receive_client(kasi_budi, "Joko CMK", programme="CMK")
    case_assign(actor=kasi_budi, cases=[cmk], pk=pk_andi)
    assert [i.case for i in litmas_due_for(actor=pk_andi, today=today)] == [client_rudi]


def test_due_section_for_the_today_page(client_rudi, pk_andi, settings):
    from django.template.loader import render_to_string

    settings.LITMAS_DUE_DAYS_AFTER_HANDOVER = 14
    today = client_rudi.handover_date + dt.timedelta(days=20)
    html = render_to_string("litmas/_due_section.html", {"items": litmas_due_for(actor=pk_andi, today=today)})
    assert "Litmas yang harus ditulis" in html
    assert "Rudi Hartono" in html and "lewat batas" in html
    assert reverse("litmas_create", args=[client_rudi.id]) in html
    assert render_to_string("litmas/_due_section.html", {"items": []}).strip() == ""
