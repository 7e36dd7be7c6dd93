from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "bimkemas.core"
    verbose_name = "Bimkemas"
