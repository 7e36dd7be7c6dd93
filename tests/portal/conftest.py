"""Portal fixtures: Rudi (client_rudi, pk_andi's client) with a portal account and a logged-in phone."""

import pytest
from django.test import Client

from bimkemas.portal.services import pin_set

RUDI_PIN = "246813"


@pytest.fixture
def rudi_account(client_rudi, pk_andi):
    account, _pin = pin_set(actor=pk_andi, case=client_rudi, pin=RUDI_PIN)
    return account


def portal_login(client: Client, nik: str, pin: str):
    return client.post("/p/masuk/", {"nik": nik, "pin": pin})


@pytest.fixture
def rudi_phone(rudi_account):
    """A browser logged into the portal as Rudi."""
    phone = Client()
    response = portal_login(phone, rudi_account.person.nik, RUDI_PIN)
    assert response.status_code == 302, response.content.decode()[:500]
    return phone


@pytest.fixture(autouse=True)
def _inbox_inline(monkeypatch):
    """huey runs inline here, so a check-in the API stores as received is judged before the answer."""
    from huey.contrib.djhuey import HUEY

    monkeypatch.setattr(HUEY, "immediate", True)
