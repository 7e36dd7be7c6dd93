"""Writing audit entries: called from the services that change records and the views that show them."""

import datetime as dt
from decimal import Decimal

from django.db import models

from bimkemas.audit.models import AuditEntry


def _plain(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict:
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: _plain(getattr(instance, name)) for name in names}


def diff(before: dict, after: dict) -> dict:
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def audit_record(
    *, actor, action: str, obj: models.Model, changes: dict | None = None, context: str = ""
) -> AuditEntry:
    if action not in AuditEntry.Action.values:  # the column is short; SQLite would not say so
        raise ValueError(f"unknown audit action {action!r}; say what happened in `context`")
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        changes=changes or {},
        context=context[:200],
    )
