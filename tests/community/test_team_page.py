"""The team page lists volunteers who hold a role and opted in, with their roles, bio and
photo; withdrawing the opt-in takes them (and their photo) off at once."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from community import roles
from community.models import TeamProfile
from kits.models import RegionKitManager
from representatives.models import Region
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")


def team_page(client):
    return client.get(reverse("community:team")).content.decode()


def opt_in(client, user, *, bio="I review jobs on Sundays.", photo=None):
    client.force_login(user)
    data = {"shows_on_team_page": "on", "bio": bio}
    if photo:
        data["photo"] = photo
    response = client.post(reverse("community:team-profile"), data)
    assert response.status_code == 302
    client.logout()


def test_volunteer_is_not_listed_before_opting_in(client, job_reviewer):
    job_reviewer.first_name = "Rita"
    job_reviewer.save()
    TeamProfile.objects.create(user=job_reviewer, bio="Hidden bio")
    page = team_page(client)
    assert "Rita" not in page
    assert "Hidden bio" not in page


def test_opted_in_volunteer_shows_with_roles_bio_and_photo(client, job_reviewer):
    job_reviewer.first_name, job_reviewer.last_name = "Rita", "Reviewer"
    job_reviewer.save()
    opt_in(client, job_reviewer, photo=png())
    page = team_page(client)
    assert "Rita Reviewer" in page
    assert roles.JOB_BOARD_REVIEWERS.name in page
    assert "I review jobs on Sundays." in page
    photo = TeamProfile.objects.get(user=job_reviewer).photo
    assert photo.url in page
    with Image.open(photo.path) as stored:
        assert max(stored.size) <= 400


def test_kit_managers_show_their_regions(client):
    manager = UserFactory(first_name="Kai", role=roles.KIT_MANAGERS)
    RegionKitManager.objects.create(user=manager, region=Region.objects.get(slug="europe"))
    opt_in(client, manager)
    assert "Kit manager, Europe" in team_page(client)


def test_opted_in_member_without_a_role_is_not_on_the_team(client, member):
    member.first_name = "Norole"
    member.save()
    opt_in(client, member)
    assert "Norole" not in team_page(client)


def test_withdrawing_takes_the_volunteer_and_photo_off_the_page(client, calendar_volunteer):
    calendar_volunteer.first_name = "Cleo"
    calendar_volunteer.save()
    opt_in(client, calendar_volunteer, photo=png())
    photo_path = TeamProfile.objects.get(user=calendar_volunteer).photo.path
    assert "Cleo" in team_page(client)

    client.force_login(calendar_volunteer)
    client.post(reverse("community:team-profile"), {"bio": "I review jobs on Sundays."})
    client.logout()
    page = team_page(client)
    assert "Cleo" not in page
    assert "I review jobs on Sundays." not in page
    assert not TeamProfile.objects.get(user=calendar_volunteer).photo
    assert not os.path.exists(photo_path)


def test_a_file_that_is_not_an_image_is_refused_with_a_message(client, job_reviewer):
    client.force_login(job_reviewer)
    fake = SimpleUploadedFile("me.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = client.post(
        reverse("community:team-profile"), {"shows_on_team_page": "on", "photo": fake}
    )
    assert response.status_code == 200
    assert "Upload a PNG, JPEG, GIF or WebP image" in response.content.decode()
    assert not TeamProfile.objects.filter(user=job_reviewer).exists()


def test_team_page_query_count_does_not_grow_with_members(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    europe = Region.objects.get(slug="europe")

    def add_members(count):
        for _ in range(count):
            user = UserFactory(role=roles.KIT_MANAGERS)
            RegionKitManager.objects.create(user=user, region=europe)
            TeamProfile.objects.create(user=user, shows_on_team_page=True)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("community:team")).status_code == 200
        return len(ctx)

    add_members(2)
    few = count()
    add_members(10)
    assert count() == few
