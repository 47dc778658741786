from django.urls import path

from representatives import views

app_name = "representatives"

urlpatterns = [
    path("", views.region_list, name="region-list"),
    path("groups/", views.group_list, name="group-list"),
    path("<slug:slug>/", views.region_detail, name="region-detail"),
    path("<slug:slug>/strategy/", views.region_strategy, name="region-strategy"),
]
