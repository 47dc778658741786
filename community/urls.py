from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from community import views
from community.sitemaps import SITEMAPS

admin.site.site_header = "PSF Community Relations"
admin.site.site_title = "PSF Community admin"
admin.site.index_title = "Volunteer tools"
# Admin sign-in goes through allauth, so rate limits and the second factor apply.
admin.site.login = secure_admin_login(admin.site.login)

community_patterns = (
    [
        path("", views.home, name="home"),
        path("about/", views.about, name="about"),
        path("help/<slug:slug>/", views.way_to_help, name="way-to-help"),
        path("accounts/profile/", views.profile, name="profile"),
        path("accounts/profile/team/", views.team_profile, name="team-profile"),
        path("team/", views.team, name="team"),
        path("materials/", views.materials, name="materials"),
        path("search/", views.search, name="search"),
        path("overview/", views.overview, name="overview"),
        path("inbox/", views.inbox, name="inbox"),
        path("materials/<int:pk>/download/", views.material_download, name="material-download"),
        path("materials/<int:pk>/preview/", views.material_preview, name="material-preview"),
    ],
    "community",
)

urlpatterns = [
    path("", include(community_patterns)),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    path("favicon.ico", views.favicon),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("events/", include("events.urls")),
    path("jobs/", include("jobs.urls")),
    path("kits/", include("kits.urls")),
    path("budget/", include("budget.urls")),
    path("regions/", include("representatives.urls")),
]

if not settings.MEDIA_S3_BUCKET:
    # Uploaded files from local storage (a bucket serves its own); see views.media_file.
    urlpatterns += [
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.media_file, name="media-file")
    ]

handler400 = "community.errors.bad_request"
handler403 = "community.errors.permission_denied"
handler404 = "community.errors.page_not_found"
handler500 = "community.errors.server_error"
