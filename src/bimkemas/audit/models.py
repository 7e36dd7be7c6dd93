"""Who read or changed which personal record, when — with before/after for changes."""

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", "view"
        CREATE = "create", "create"
        UPDATE = "update", "update"
        EXPORT = "export", "export"

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=40)  # "person", "case"
    object_id = models.BigIntegerField()
    changes = models.JSONField(default=dict, blank=True)  # {"field": [before, after]}
    context = models.CharField(max_length=200, blank=True)  # path or service name

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]
