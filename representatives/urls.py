from django.urls import path

from representatives import views

app_name = "representatives"

urlpatterns = [
    path("", views.region_list, name="region-list"),
    path("<slug:slug>/", views.region_detail, name="region-detail"),
]
