"""Litmas (penelitian kemasyarakatan) reports, their versions, and the officials who may approve them.

A Litmas keeps a snapshot of its kind's sections (`definition`) taken from kinds.toml when it was
created, so later changes to the file never change a report already written. Its current values are
on the Litmas row; LitmasVersion rows keep the history: one working version updated by every save
while the PK writes, frozen (never changed again) at each submission, return and approval.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Litmas(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Menunggu persetujuan")
        RETURNED = "returned", _("Dikembalikan")
        APPROVED = "approved", _("Disetujui")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="litmas_reports")
    bapas = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("jenis Litmas"), max_length=40)
    kind_label = models.CharField(max_length=200)  # as in the kinds file when created
    kind_title = models.CharField(max_length=200)
    definition = models.JSONField()  # the kind's sections, snapshot
    register_number = models.CharField(_("nomor register Litmas"), max_length=60, unique=True)
    requested_by = models.CharField(_("pihak yang meminta"), max_length=200, blank=True)
    purpose = models.TextField(_("tujuan"), blank=True)
    due_date = models.DateField(_("batas waktu"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    values = models.JSONField(default=dict, blank=True)  # "section.field" -> text | [ {col: text} ]
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("PK penulis"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("disetujui oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approver_title = models.CharField(max_length=200, blank=True)  # "Kepala Bapas …" or the designation
    approved_at = models.DateTimeField(null=True, blank=True)
    return_comment = models.TextField(_("catatan pengembalian terakhir"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["bapas", "status"], name="litmas_bapas_status"),
            models.Index(fields=["case", "kind"], name="litmas_case_kind"),
        ]

    def __str__(self) -> str:
        return self.register_number

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class LitmasVersion(models.Model):
    """One state of a Litmas. `transition` empty = the working draft (updated by saves, not frozen)."""

    class Transition(models.TextChoices):
        CREATED = "created", _("Draf dibuat (isian otomatis)")
        EDITED = "", _("Draf sedang ditulis")
        SUBMITTED = "submitted", _("Diajukan")
        RETURNED = "returned", _("Dikembalikan")
        APPROVED = "approved", _("Disetujui")

    litmas = models.ForeignKey(Litmas, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    transition = models.CharField(max_length=10, choices=Transition.choices, blank=True)
    status = models.CharField(max_length=10, choices=Litmas.Status.choices)  # of the Litmas after it
    values = models.JSONField(default=dict)
    comment = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    editors = models.JSONField(default=list, blank=True)  # display names of all who saved this version
    started_at = models.DateTimeField()
    at = models.DateTimeField()

    class Meta:
        ordering = ["litmas", "number"]
        constraints = [models.UniqueConstraint(fields=["litmas", "number"], name="litmas_version_number")]

    @property
    def frozen(self) -> bool:
        return bool(self.transition)


class LitmasApprover(models.Model):
    """An official the Bapas designates to approve Litmas besides the Kepala Bapas."""

    bapas = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    designated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    designated_at = models.DateTimeField()
    note = models.CharField(_("keterangan"), max_length=200, blank=True)

    class Meta:
        ordering = ["bapas", "designated_at"]
        constraints = [models.UniqueConstraint(fields=["bapas", "user"], name="litmas_approver_unique")]
