"""sitemap.xml, robots.txt, Open Graph tags, one vocabulary for logging in, and the site's
name in mails."""

import pytest
from django.urls import reverse

from tests.events.factories import EventFactory, SubmittedEventFactory, in_days
from tests.jobs.factories import ApprovedJobPostFactory, JobPostFactory

pytestmark = pytest.mark.django_db


def test_sitemap_lists_public_pages_only(client):
    public = EventFactory(title="Public", start=in_days(10), end=in_days(11))
    hidden = SubmittedEventFactory()
    job = ApprovedJobPostFactory()
    draft = JobPostFactory()
    index = client.get(reverse("sitemap")).content.decode()
    assert "sitemap-events.xml" in index
    events = client.get(reverse("sitemap-section", args=["events"])).content.decode()
    assert public.get_absolute_url() in events
    assert hidden.get_absolute_url() not in events
    jobs = client.get(reverse("sitemap-section", args=["jobs"])).content.decode()
    assert job.get_absolute_url() in jobs
    assert draft.get_absolute_url() not in jobs
    pages = client.get(reverse("sitemap-section", args=["pages"])).content.decode()
    assert reverse("community:team") in pages
    assert reverse("community:overview") not in pages


def test_robots_names_the_sitemap_and_keeps_crawlers_out_of_private_pages(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_public_pages_carry_open_graph_tags(client):
    html = client.get(reverse("community:team")).content.decode()
    assert '<meta property="og:title" content="The community relations team">' in html
    assert 'property="og:image" content="http://testserver/static/' in html
    assert 'property="og:description"' in html


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_account_pages_say_log_in_and_sign_up(client, name):
    html = client.get(reverse(name)).content.decode()
    for wrong in ("Sign In", "Sign Out", "Sign Up", "sign in"):
        assert wrong not in html


def test_logout_page_says_log_out(client, member):
    client.force_login(member)
    html = client.get(reverse("account_logout")).content.decode()
    assert "Log out" in html
    assert "Sign Out" not in html


def test_mails_carry_the_sites_name_not_its_host(
    client, mailoutbox, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": member.email})
    assert mailoutbox, "the reset mail was sent"
    mail = mailoutbox[-1]
    assert mail.subject.startswith("[PSF Community Relations]")
    assert "testserver" not in mail.subject
    assert "Hello from PSF Community Relations" in mail.body
