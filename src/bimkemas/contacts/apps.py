from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "bimkemas.contacts"
    verbose_name = _("Kontak dan wajib lapor")
