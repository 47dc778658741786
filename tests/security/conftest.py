"""A small world with one object of each kind and one user per role, for the site-wide matrices."""

import pytest

from community import roles
from events.models import Calendar
from representatives.models import Region
from tests.events.factories import EventFactory, SubmittedEventFactory
from tests.factories import UserFactory
from tests.jobs.factories import ApprovedJobPostFactory, CompanyFactory, JobPostFactory
from tests.representatives.factories import UserGroupFactory

EVENT_CONTACT = "organiser-private@example.invalid"
JOB_CONTACT = "hiring-private@example.invalid"
PRIVATE_MARKERS = (EVENT_CONTACT, JOB_CONTACT)

# Every role of the site, in the matrices' column order. "owner" posted the
# world's job posts and submitted its event; "member" is any other signed-up user.
ROLE_USERS = {
    "anonymous": None,
    "member": {},
    "owner": {},
    "calendar": {"role": roles.CALENDAR_VOLUNTEERS},
    "reviewer": {"role": roles.JOB_BOARD_REVIEWERS},
    "kitmanager": {"role": roles.KIT_MANAGERS},
    "board": {"role": roles.BOARD_MEMBERS},
    "treasurer": {"role": roles.TREASURERS},
    "representative": {"role": roles.REGIONAL_REPRESENTATIVES},
    "superuser": {"is_staff": True, "is_superuser": True},
}


@pytest.fixture
def world(db):
    users = {
        name: None if spec is None else UserFactory(username=f"matrix-{name}", **spec)
        for name, spec in ROLE_USERS.items()
    }
    poster = users["owner"]
    python_events = Calendar.objects.get(slug="python-events")
    python_events.volunteers.add(users["calendar"])
    company = CompanyFactory(name="Acme Pythons", slug="acme-pythons")
    return {
        "users": users,
        "poster": poster,
        "region": Region.objects.get(slug="europe"),
        "calendar": python_events,
        "event": EventFactory(
            calendar=python_events, title="Matrix Conf", organiser_email=EVENT_CONTACT
        ),
        "submitted_event": SubmittedEventFactory(
            calendar=python_events, submitted_by=poster, organiser_email=EVENT_CONTACT
        ),
        "group": UserGroupFactory(),
        "company": company,
        "job": ApprovedJobPostFactory(poster=poster, company=company, contact_email=JOB_CONTACT),
        "draft_job": JobPostFactory(poster=poster, company=company, contact_email=JOB_CONTACT),
    }
