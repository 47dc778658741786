from django.apps import AppConfig


class KitsConfig(AppConfig):
    name = "kits"
    verbose_name = "Conference kits"
