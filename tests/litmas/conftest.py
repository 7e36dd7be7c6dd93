"""Helpers for the Litmas tests: a prefilled draft of client_rudi's case, and values that complete it."""

import pytest

from bimkemas.litmas.services import litmas_create

RECOMMENDATION = "Klien direkomendasikan melanjutkan pembimbingan dengan wajib lapor bulanan."


def complete_values(litmas) -> dict:
    """A value for every required field still empty (the recommendation is recognisable)."""
    values = {}
    for section in litmas.definition:
        for field in section["fields"]:
            key = f"{section['code']}.{field['code']}"
            if field["required"] and not litmas.values.get(key):
                values[key] = f"Isi {field['label'].lower()} oleh PK."
    values["kesimpulan.recommendation"] = RECOMMENDATION
    return values


@pytest.fixture
def draft(client_rudi, pk_andi):
    return litmas_create(
        actor=pk_andi,
        case=client_rudi,
        kind="pembimbingan",
        requested_by="Kepala Bapas",
        purpose="Menyusun program",
    )
