from django.urls import path

from kits import views

app_name = "kits"

urlpatterns = [
    path("", views.index, name="index"),
    path("request/", views.booking_request, name="booking-request"),
    path("requests/mine/", views.my_requests, name="my-requests"),
    path("bookings/<int:pk>/", views.booking_detail, name="booking-detail"),
    path("bookings/<int:pk>/approve/", views.booking_approve, name="booking-approve"),
    path("bookings/<int:pk>/decline/", views.booking_decline, name="booking-decline"),
    path("bookings/<int:pk>/propose/", views.booking_propose, name="booking-propose"),
    path("bookings/<int:pk>/advance/", views.booking_advance, name="booking-advance"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking-cancel"),
    path("shipments/new/", views.shipment_new, name="shipment-new"),
    path("shipments/<int:pk>/edit/", views.shipment_edit, name="shipment-edit"),
    path("reports/", views.report, name="report"),
    path("reports/shipments.csv", views.report_csv, name="report-csv"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("<slug:slug>/", views.kit_detail, name="kit-detail"),
]
