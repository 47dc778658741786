from django.apps import AppConfig


class RepresentativesConfig(AppConfig):
    name = "representatives"
    verbose_name = "Regions and representatives"
