from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from community.client_ip import client_ip
from community.mail import queue_message

SITE_NAME = "PSF Community Relations"


class NamedSite:
    """The site as mails name it: without django.contrib.sites, allauth's "current site"
    is the request's host, and mails said "[community.python.org]"."""

    def __init__(self, domain: str):
        self.domain = domain
        self.name = SITE_NAME

    def __str__(self):
        return self.name


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter, with its mail delivered by the background task queue and the
    client's address (its rate limits' key) read as the rest of the site reads it."""

    def get_login_redirect_url(self, request) -> str:
        """Volunteers land on what waits for them; everyone else on the usual page."""
        from django.urls import reverse

        from community.overview import reads_overview, user_roles

        user = request.user
        if user.is_authenticated and (user_roles(user) or reads_overview(user)):
            return reverse("community:inbox")
        return super().get_login_redirect_url(request)

    def format_email_subject(self, subject) -> str:
        return f"[{SITE_NAME}] {subject}"

    def get_client_ip(self, request) -> str:
        return client_ip(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        site = NamedSite(get_current_site(request).domain)
        ctx = {"request": request, "email": email, "current_site": site}
        ctx.update(context)
        queue_message(self.render_mail(template_prefix, email, ctx))
