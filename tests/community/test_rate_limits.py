"""Sign-up and login limits hold across worker processes and per client behind our
proxies (issue 23 §8)."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from community.client_ip import client_ip
from tests.factories import PASSWORD, UserFactory

SIGNUP_LIMIT = 20  # settings.ACCOUNT_RATE_LIMITS["signup"]: 20/m/ip
FAILED_LOGINS_PER_ACCOUNT = 5  # "login_failed": 5/5m/key


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "", "10.0.0.9"),
        (0, "203.0.113.7", "10.0.0.9"),  # no proxy of ours: the header is the client's own
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the left part is forgeable
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.9"),  # fewer hops than proxies: not through ours
        (1, "not-an-address", "10.0.0.9"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_is_read_through_the_trusted_proxies(
    settings, proxies, forwarded_for, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip(request) == expected


def sign_up(client, forwarded_for):
    # An empty form: allauth counts every sign-up POST, valid or not.
    return client.post(reverse("account_signup"), {}, HTTP_X_FORWARDED_FOR=forwarded_for)


@pytest.mark.django_db
def test_behind_the_load_balancer_each_client_has_its_own_sign_up_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(SIGNUP_LIMIT):
        assert sign_up(client, "203.0.113.7").status_code == 200
    assert sign_up(client, "203.0.113.7").status_code == 429
    assert sign_up(client, "198.51.100.20").status_code == 200  # another visitor


@pytest.mark.django_db
def test_without_trusted_proxies_a_forged_header_does_not_escape_the_limit(client):
    for number in range(SIGNUP_LIMIT):
        sign_up(client, f"203.0.113.{number}")
    assert sign_up(client, "198.51.100.20").status_code == 429


# --- several worker processes -------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url_of_the_test_database() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = quote(db["HOST"] or "127.0.0.1", safe="")
    return f"postgres://{auth}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


class Browser:
    """A few requests to the loopback server, keeping the session and CSRF cookies."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urlencode(body)
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        content = response.read().decode()
        conn.close()
        return response.status, content


@pytest.fixture
def worker_processes():
    """The site under gunicorn on loopback; each worker answers one request and is
    replaced, so no two requests share a process's memory."""
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": database_url_of_the_test_database(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "TASKS_BACKEND": "immediate",
    }
    env.pop("REDIS_URL", None)
    env.pop("CACHE_URL", None)
    command = [sys.executable, "-m", "gunicorn", "community.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", "2", "--max-requests", "1", "--preload", "--log-level", "warning"]
    server = subprocess.Popen(
        command,
        cwd=settings.BASE_DIR,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = Browser(port).request("GET", "/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, "gunicorn stopped"
            assert time.monotonic() < deadline, "gunicorn did not answer in 60 s"
            time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


# Committed, for the server's processes to see; serialized_rollback restores the migrated
# rows (roles) afterwards for the tests that follow, as tests/jobs/test_concurrency.py.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_failed_logins_are_counted_across_worker_processes(worker_processes):
    UserFactory(username="volunteer")
    browser = Browser(worker_processes)
    login = reverse("account_login")
    _, page = browser.request("GET", login)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def attempt(password):
        data = {"login": "volunteer", "password": password, "csrfmiddlewaretoken": token}
        return browser.request("POST", login, data)

    for _ in range(FAILED_LOGINS_PER_ACCOUNT):
        status, page = attempt("wrong")
        assert status == 200
        assert "Too many failed login attempts" not in page
    status, page = attempt("wrong")
    assert "Too many failed login attempts" in page
    # Even the right password waits until the limit has passed.
    status, page = attempt(PASSWORD)
    assert status == 200
    assert "Too many failed login attempts" in page
    assert "sessionid" not in browser.cookies
