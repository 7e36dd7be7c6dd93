"""National default reporting rules (domain.md § Mandatory reporting): asimilasi at least weekly,
integration (PB/CB/CMB) and the others monthly, plus one in-person report a month. A Bapas overrides
them with its own rows; the numbers are data, valid from 2020-01-01 until changed."""

import datetime as dt

from django.db import migrations

VALID_FROM = dt.date(2020, 1, 1)
RULES = [
    # programme, requirement, every, interval, grace_days
    ("", "report", 1, "month", 3),
    ("ASIM", "report", 1, "week", 1),
    ("ASIMR", "report", 1, "week", 1),
    ("", "in_person", 1, "month", 3),
]


def forwards(apps, schema_editor):
    ReportingRule = apps.get_model("contacts", "ReportingRule")
    for programme, requirement, every, interval, grace in RULES:
        ReportingRule.objects.get_or_create(
            bapas=None,
            programme=programme,
            phase="",
            requirement=requirement,
            valid_from=VALID_FROM,
            defaults={"every": every, "interval": interval, "grace_days": grace, "reason": "Aturan nasional awal"},
        )


def backwards(apps, schema_editor):
    apps.get_model("contacts", "ReportingRule").objects.filter(bapas=None, valid_from=VALID_FROM).delete()


class Migration(migrations.Migration):
    dependencies = [("contacts", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
