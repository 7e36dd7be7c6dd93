"""The log of every message sent (or tried) to a client or a staff member, with its delivery status."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("E-mail")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Dalam antrean")
    DEFERRED = "deferred", _("Ditunda (jam tenang)")
    SENDING = "sending", _("Sedang dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal, akan dicoba lagi")
    GAVE_UP = "gave_up", _("Gagal, tidak dicoba lagi")
    WITHDRAWN = "withdrawn", _("Ditarik (tidak berlaku lagi)")


# A worker may claim a message in these states (see services.message_deliver).
SENDABLE_STATUSES = (MessageStatus.QUEUED, MessageStatus.DEFERRED, MessageStatus.FAILED)


class Message(models.Model):
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("penerima"), max_length=254)  # E.164 phone or e-mail address
    # The log outlives the records it mentions: deleting a person or case keeps the message row.
    person = models.ForeignKey(
        "clients.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    bapas = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    template = models.CharField(_("templat"), max_length=50)
    subject = models.CharField(_("subjek"), max_length=200, blank=True)  # e-mail only
    body = models.TextField(_("isi pesan"))
    dedupe_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    provider_message_id = models.CharField(_("ID pesan penyedia"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    send_after = models.DateTimeField(_("dikirim setelah"), default=timezone.now)
    sent_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "send_after"], name="message_status_due"),
            models.Index(fields=["bapas", "created_at"], name="message_bapas_created"),
            models.Index(fields=["case", "created_at"], name="message_case_created"),
            models.Index(fields=["person", "created_at"], name="message_person_created"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient} ({self.template})"

    @property
    def is_final(self) -> bool:
        return self.status in (MessageStatus.SENT, MessageStatus.GAVE_UP)
