"""Data migration: load the instrument files shipped in assessments/instruments/ so that a fresh
database (production, demo, tests) has them. Files already loaded with the same checksum are skipped.

When a shipped file gets a new version, add a migration that calls `load` again: older versions stay
(past assessments keep their items) and the new one becomes the active version of its code.
"""

from django.db import migrations


def load(apps, schema_editor):
    from bimkemas.assessments.definition import parse_file, shipped_files
    from bimkemas.assessments.services import instrument_store

    model = apps.get_model("assessments", "Instrument")
    for path in shipped_files():
        instrument_store(parsed=parse_file(path), loaded_by_id=None, activate=True, model=model)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_instruments_assessments")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
