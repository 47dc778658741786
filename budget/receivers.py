"""Kit shipment costs flow into the budget: kits sends its model signals, budget listens.

A receiver on the higher floor keeps kits free of any budget import (ARCHITECTURE.md).
The expense is synced after the shipment's transaction commits, so a rolled-back
shipment never leaves an expense behind and the kits form never fails for a budget reason.
Deletion needs no receiver: ``Expense.shipment`` cascades.
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from kits.models import Shipment


@receiver(post_save, sender=Shipment, dispatch_uid="budget_shipment_cost")
def shipment_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from budget.services import shipment_cost_sync

    shipment_id = instance.pk
    transaction.on_commit(lambda: shipment_cost_sync(shipment_id=shipment_id))
