from django.urls import path

from representatives import views

app_name = "representatives"

urlpatterns = [
    path("", views.region_list, name="region-list"),
    path("groups/", views.group_list, name="group-list"),
    path("groups/submit/", views.group_submit_view, name="group-submit"),
    path("groups/<slug:slug>/", views.group_detail, name="group-detail"),
    path("apply/", views.application_create, name="application-create"),
    path("applications/mine/", views.application_mine, name="application-mine"),
    path("<slug:slug>/", views.region_detail, name="region-detail"),
    path("<slug:slug>/strategy/", views.region_strategy, name="region-strategy"),
]
