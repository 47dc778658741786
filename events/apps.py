from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Event calendars"

    def ready(self):
        from django.db.models.signals import post_save

        from events.models import Event
        from events.stored_vevents import store_saved

        # Derived data, stored beside every saved event; models import no ICS code.
        post_save.connect(store_saved, sender=Event, dispatch_uid="events.store_saved")
