from django.urls import path

from jobs import feeds, views

app_name = "jobs"

urlpatterns = [
    path("", views.index, name="index"),
    path("feed.rss", feeds.rss_feed, name="feed-rss"),
    path("feed.atom", feeds.atom_feed, name="feed-atom"),
    path("<int:pk>/", views.job_detail, name="job-detail"),
    path("companies/<slug:slug>/", views.company_detail, name="company-detail"),
    path("companies/<slug:slug>/logo/", views.company_logo, name="company-logo"),
    path("new/", views.job_create, name="job-create"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/", views.mine_detail, name="mine-detail"),
    path("mine/<int:pk>/edit/", views.job_edit, name="job-edit"),
    path("mine/<int:pk>/submit/", views.job_submit, name="job-submit"),
    path("mine/<int:pk>/withdraw/", views.job_withdraw, name="job-withdraw"),
    path("mine/<int:pk>/filled/", views.job_fill, name="job-fill"),
    path("mine/<int:pk>/comment/", views.job_comment, name="job-comment"),
]
