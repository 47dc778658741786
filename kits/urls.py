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
    path("booths/", views.booth_list, name="booth-list"),
    path("booths/new/", views.booth_new, name="booth-new"),
    path("booths/<int:pk>/", views.booth_detail, name="booth-detail"),
    path("booths/<int:pk>/manage/", views.booth_manage, name="booth-manage"),
    path("booths/<int:pk>/edit/", views.booth_edit, name="booth-edit"),
    path("booths/<int:pk>/kit/", views.booth_kit, name="booth-kit"),
    path("booths/<int:pk>/report/", views.booth_report, name="booth-report"),
    path("booths/<int:pk>/move/", views.booth_move, name="booth-move"),
    path("booths/<int:pk>/checklist/", views.checklist_add, name="checklist-add"),
    path("booths/<int:pk>/checklist/<int:item_pk>/", views.checklist_tick, name="checklist-tick"),
    path("booths/<int:pk>/shifts/new/", views.shift_new, name="shift-new"),
    path("booths/<int:pk>/shifts/generate/", views.shift_generate, name="shift-generate"),
    path("shifts/<int:shift_pk>/signup/", views.shift_signup, name="shift-signup"),
    path("shifts/<int:shift_pk>/drop/", views.shift_drop, name="shift-drop"),
    path("shifts/<int:shift_pk>/wait/", views.shift_wait, name="shift-wait"),
    path("shifts/mine/", views.my_shifts, name="my-shifts"),
    path("shifts/feed/reset/", views.shift_feed_reset, name="shift-feed-reset"),
    path("shifts/feed/<str:token>.ics", views.shift_feed, name="shift-feed"),
    path("signups/<int:signup_pk>/attendance/", views.signup_attendance, name="signup-attendance"),
    path("<slug:slug>/", views.kit_detail, name="kit-detail"),
]
