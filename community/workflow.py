"""The one workflow shape every state machine of the portal uses.

Job posts, events, kit bookings, budget years, representative applications and booths
all follow it:

- a ``Workflow``: the statuses (a ``TextChoices``) and a transition table that says, for
  each allowed move ``(from, to)``, which actors may make it;
- ``ActionRefused``: the one exception for an action the rules refuse (a rate limit, an
  empty reason, a claim held by someone else); its message is shown to the person.
  ``TransitionRefused`` is the subclass for a move the table does not allow;
- ``TransitionRecord``: the abstract history model, one row per change with ``from_status``,
  ``to_status``, ``by``, ``at`` and ``reason``;
- ``WorkflowModel.transition()``: locks the row, checks the move and the actor, lets the
  model check and apply its own extras, saves, and writes the history row, all in one
  transaction. It sends no mail: the app's service queues mail with
  ``transaction.on_commit`` (``community.mail.queue_mail`` does).

A model opts in like this::

    class Booking(WorkflowModel, models.Model):
        workflow = Workflow(BookingStatus, {
            (BookingStatus.REQUESTED, BookingStatus.APPROVED): {Actor.MANAGER},
            ...
        })
        history_model = "BookingTransition"   # a TransitionRecord subclass
        history_fk = "booking"                # its ForeignKey back to this model

and its services call ``booking.transition(BookingStatus.APPROVED, by=user,
actor=Actor.MANAGER, reason="")``. Who counts as which actor is the service's decision
(a role, ownership, a region); the table says what each actor may do.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone


class ActionRefused(Exception):
    """An action the rules refuse; the message is shown to the person who tried it."""


class TransitionRefused(ActionRefused):
    """A status change the transition table does not allow for this actor."""

    def __init__(self, message: str, *, from_status: str = "", to_status: str = ""):
        super().__init__(message)
        self.from_status = from_status
        self.to_status = to_status


class Workflow:
    """Statuses and the moves between them, each with the actors who may make it."""

    def __init__(self, statuses: type[models.TextChoices], table: dict, *, noun: str = "item"):
        self.statuses = statuses
        self.noun = noun
        # "An event", "a post": the messages are read by people.
        self.article = "an" if noun[:1].lower() in "aeiou" else "a"
        self.table: dict[tuple[str, str], frozenset[str]] = {}
        for (source, to), actors in table.items():
            if isinstance(actors, str):
                actors = {actors}
            self.table[(statuses(source).value, statuses(to).value)] = frozenset(
                str(actor) for actor in actors
            )

    def label(self, status: str) -> str:
        return self.statuses(status).label if status else "new"

    def actors(self, source: str, to: str) -> frozenset[str]:
        """Who may move from ``source`` to ``to``: empty when nobody may."""
        return self.table.get((str(source), str(to)), frozenset())

    def allows(self, source: str, to: str, actor: str | None = None) -> bool:
        actors = self.actors(source, to)
        return bool(actors) and (actor is None or str(actor) in actors)

    def targets(self, source: str, actor: str | None = None) -> list[str]:
        """Where ``actor`` (anyone, when None) may move from ``source``, in table order."""
        return [
            to
            for (src, to), actors in self.table.items()
            if src == str(source) and (actor is None or str(actor) in actors)
        ]

    def check(self, source: str, to: str, actor: str) -> None:
        """Raise ``TransitionRefused`` unless ``actor`` may move from ``source`` to ``to``."""
        actors = self.actors(source, to)
        if not actors:
            raise TransitionRefused(
                f"{self.article.capitalize()} {self.noun} that is “{self.label(source)}” "
                f"cannot become “{self.label(to)}”.",
                from_status=source,
                to_status=to,
            )
        if str(actor) not in actors:
            who = " or ".join(sorted(actors))
            raise TransitionRefused(
                f"Only the {who} can make {self.article} {self.noun} “{self.label(to)}”.",
                from_status=source,
                to_status=to,
            )

    def statuses_reachable_by(self, actor: str) -> set[str]:
        return {to for (_, to), actors in self.table.items() if str(actor) in actors}

    def pairs(self) -> Iterable[tuple[str, str]]:
        return self.table.keys()


class TransitionRecord(models.Model):
    """One status change: from which status to which, by whom, when and why.

    Each app subclasses it with a ForeignKey to its model (and extras, such as the
    reviewed fields' snapshot of a job post). An empty ``from_status`` is the creation.
    """

    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for automatic changes (expiry, import).",
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    reason = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]
        get_latest_by = "at"

    def __str__(self):
        return f"{self.from_status or 'new'} → {self.to_status}"


class WorkflowModel:
    """Mixin for a model with a ``status`` field that changes only through ``transition()``.

    Subclasses set ``workflow``, ``history_model`` (a ``TransitionRecord`` subclass or its
    name in the same app) and ``history_fk``, and may override the three hooks:
    ``check_transition`` (refuse with ``ActionRefused``), ``apply_transition`` (set the
    fields that go with the move) and ``history_extra`` (extra history columns).
    """

    workflow: Workflow
    history_model: type[TransitionRecord] | str
    history_fk: str
    status_field = "status"

    # --- hooks ---------------------------------------------------------------------

    def check_transition(self, source: str, to: str, *, by, actor: str, reason: str, now) -> None:
        """Refuse a move the table allows but this object's state does not (``self`` is locked)."""

    def apply_transition(self, source: str, to: str, *, by, actor: str, reason: str, now) -> None:
        """Set the fields that change with the move, on the locked ``self``, before it is saved."""

    def history_extra(self, source: str, to: str) -> dict:
        """Extra columns of the history row (read before the status changes)."""
        return {}

    def save_transition(self) -> None:
        """Write the locked row; models with derived data to refresh override this."""
        self.save()

    # --- the one way a status changes ------------------------------------------------

    @classmethod
    def history_model_class(cls) -> type[TransitionRecord]:
        model = cls.history_model
        if isinstance(model, str):
            model = cls._meta.apps.get_model(cls._meta.app_label, model)
        return model

    def transition(self, to: str, *, by, actor: str, reason: str = "", now=None):
        """Move to ``to`` or raise ``ActionRefused``; nothing changes on refusal.

        The row is locked for the check, so of two people acting at once the second sees
        the first one's result and is refused. Returns the history row.
        """
        now = now or timezone.now()
        model = type(self)
        with transaction.atomic():
            locked = model._default_manager.select_for_update(of=("self",)).get(pk=self.pk)
            source = getattr(locked, self.status_field)
            self.workflow.check(source, to, actor)
            reason = (reason or "").strip()
            locked.check_transition(source, to, by=by, actor=actor, reason=reason, now=now)
            extra = locked.history_extra(source, to)
            setattr(locked, self.status_field, to)
            locked.apply_transition(source, to, by=by, actor=actor, reason=reason, now=now)
            locked.save_transition()
            record = self.history_model_class().objects.create(
                **{self.history_fk: locked},
                from_status=source,
                to_status=to,
                by=by,
                at=now,
                reason=reason,
                **extra,
            )
        # Keep the caller's instance in step with the row.
        for field in locked._meta.concrete_fields:
            if not getattr(field, "generated", False):
                setattr(self, field.attname, getattr(locked, field.attname))
        return record

    def record_creation(self, *, by, reason: str = "", now=None):
        """The history row of a new object: from nothing to its first status."""
        return self.history_model_class().objects.create(
            **{self.history_fk: self},
            from_status="",
            to_status=getattr(self, self.status_field),
            by=by,
            at=now or timezone.now(),
            reason=reason,
        )


def apply_to_each(objects, action, *, name=str) -> tuple[int, list[str]]:
    """Call ``action(obj)`` on each object; a refusal skips that one and is kept, named
    by ``name(obj)``, so one refused object never stops a bulk action. Returns
    (how many were done, the refusals)."""
    done, refused = 0, []
    for obj in objects:
        try:
            action(obj)
        except ActionRefused as exc:
            refused.append(f"“{name(obj)}”: {exc}")
        else:
            done += 1
    return done, refused
