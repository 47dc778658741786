from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = "Budget"

    def ready(self):
        # Kit shipment costs arrive as expenses through kits' signals; kits never imports us.
        from budget import receivers  # noqa: F401
