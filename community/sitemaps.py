"""sitemap.xml over the public pages, each list through its app's public queryset."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from community.volunteering import WAYS_TO_HELP
from events.models import Event
from jobs.models import JobPost
from kits.models import Kit
from representatives.models import Region, UserGroup

# Far fewer than the 50,000 a sitemap may hold: each page is one bounded query.
SITEMAP_PAGE_SIZE = 5000


class PageSitemap(Sitemap):
    def items(self):
        names = [
            "community:home", "community:about", "community:team", "community:materials",
            "events:index", "jobs:index", "kits:index", "representatives:region-list",
            "representatives:group-list",
        ]  # fmt: skip
        return [reverse(name) for name in names] + [
            reverse("community:way-to-help", args=[way.slug]) for way in WAYS_TO_HELP
        ]

    def location(self, item):
        return item


class EventSitemap(Sitemap):
    limit = SITEMAP_PAGE_SIZE

    def items(self):
        return (
            Event.objects.public()
            .select_related("calendar")
            .only("pk", "title", "calendar__slug", "updated_at")
            .order_by("pk")
        )

    def lastmod(self, event):
        return event.updated_at


class JobSitemap(Sitemap):
    limit = SITEMAP_PAGE_SIZE

    def items(self):
        return JobPost.objects.public().only("pk", "title", "updated_at").order_by("pk")

    def lastmod(self, post):
        return post.updated_at


class KitSitemap(Sitemap):
    def items(self):
        return Kit.objects.in_service().only("slug", "updated_at").order_by("pk")


class RegionSitemap(Sitemap):
    def items(self):
        return Region.objects.order_by("pk")


class GroupSitemap(Sitemap):
    limit = SITEMAP_PAGE_SIZE

    def items(self):
        return UserGroup.objects.public().only("slug").order_by("pk")


SITEMAPS = {
    "pages": PageSitemap,
    "events": EventSitemap,
    "jobs": JobSitemap,
    "kits": KitSitemap,
    "regions": RegionSitemap,
    "groups": GroupSitemap,
}
