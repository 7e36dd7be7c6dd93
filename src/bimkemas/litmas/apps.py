from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LitmasConfig(AppConfig):
    name = "bimkemas.litmas"
    verbose_name = _("Litmas")

    def ready(self) -> None:
        # A broken kinds file stops the start with a message naming the kind, section and field.
        from bimkemas.litmas.kinds import catalogue

        catalogue()
