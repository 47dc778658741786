"""RSS and Atom feeds of the public board, filtered by the same query string as /jobs/."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from community.feeds import joined
from community.http import cached_public_page
from jobs.forms import JobFilterForm

FEED_SIZE = 50


class JobFeed(Feed):
    feed_type = Rss201rev2Feed
    title = "Python jobs · PSF Community"
    description = "Python jobs reviewed by PSF volunteers, newest first."

    def get_object(self, request, *args, **kwargs):
        return request

    def link(self, request):
        query = request.GET.urlencode()
        return reverse("jobs:index") + (f"?{query}" if query else "")

    def items(self, request):
        _, posts = JobFilterForm.board(request.GET)
        return posts.select_related("company")[:FEED_SIZE]

    def item_title(self, post):
        return f"{post.title} at {post.company_name}"

    def item_description(self, post):
        # Sanitised HTML, stored when the post was saved (rendering 50 posts here took
        # 43 ms a request); the feed escapes it as XML text.
        return post.description_html

    def item_link(self, post):
        return post.get_absolute_url()

    # Dates on every item keep the feed's own updated date, and so its body and
    # ETag, the same until a post changes.
    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.updated_at

    def item_author_name(self, post):
        return post.company_name

    def item_categories(self, post):
        return [post.get_category_display(), *post.job_type_labels]


class AtomJobFeed(JobFeed):
    feed_type = Atom1Feed
    subtitle = JobFeed.description


_rss = JobFeed()
_atom = AtomJobFeed()


@cached_public_page("jobs")
def rss_feed(request):
    return joined(_rss(request))


@cached_public_page("jobs")
def atom_feed(request):
    return joined(_atom(request))
