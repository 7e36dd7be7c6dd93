"""The limits as the rules state them today (domain.md § Facts from the rules): missing reporting up to
3 times in a row is a revocation ground; the revocation service standard is 20 working days."""

import datetime as dt

from django.db import migrations

LIMITS = [
    ("missed_in_a_row", 3, "Permenkumham 3/2018 jo. 7/2022: tidak melapor 3 kali berturut-turut"),
    ("revocation_service_days", 20, "Standar layanan usulan pencabutan: 20 hari kerja"),
]


def forwards(apps, schema_editor):
    Limit = apps.get_model("violations", "Limit")
    for code, value, source in LIMITS:
        Limit.objects.get_or_create(code=code, valid_from=dt.date(2018, 1, 1), defaults={"value": value, "source": source})


def backwards(apps, schema_editor):
    apps.get_model("violations", "Limit").objects.filter(valid_from=dt.date(2018, 1, 1)).delete()


class Migration(migrations.Migration):
    dependencies = [("violations", "0003_limits")]
    operations = [migrations.RunPython(forwards, backwards)]
