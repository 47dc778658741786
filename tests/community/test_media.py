import pytest
from django.urls import reverse


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "acme.png").write_bytes(b"\\x89PNG\\r\\n\\x1a\\n....")
    (tmp_path / "logos" / "evil.html").write_text("<script>alert(1)</script>")
    (tmp_path / "logos" / "evil.svg").write_text("<svg onload='alert(1)'/>")
    return tmp_path


def fetch(client, path):
    return client.get(reverse("media-file", args=[path]))


@pytest.mark.django_db
def test_images_are_served_inline_with_their_type(client, media):
    response = fetch(client, "logos/acme.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_files_outside_the_job_logos_are_public_and_cached(client, media, settings):
    # Only the job logos wait for a review; any other upload may sit in shared caches.
    response = fetch(client, "logos/acme.png")
    assert response["Cache-Control"] == f"public, max-age={settings.MEDIA_MAX_AGE}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["logos/evil.html", "logos/evil.svg"])
def test_other_files_are_downloads_with_a_neutral_type(client, media, name):
    response = fetch(client, name)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_missing_files_and_path_tricks_are_404(client, media):
    assert fetch(client, "logos/none.png").status_code == 404
    assert client.get("/media/../community/settings.py").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["logos", "logos/", "jobs/logos/"])
def test_directories_are_404(client, media, path):
    (media / "jobs" / "logos").mkdir(parents=True)
    assert fetch(client, path).status_code == 404
