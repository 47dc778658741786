from django.urls import path

from events import feeds, views

app_name = "events"

urlpatterns = [
    path("", views.index, name="index"),
    path("submit/", views.submit, name="submit"),
    path("mine/", views.my_submissions, name="my-submissions"),
    path("mine/<int:pk>/edit/", views.edit_submission, name="submission-edit"),
    path("mine/<int:pk>/withdraw/", views.withdraw_submission, name="submission-withdraw"),
    path("<slug:calendar>.ics", feeds.calendar_ics, name="calendar-ics"),
    path("<slug:calendar>.json", feeds.calendar_json, name="calendar-json"),
    path("<slug:calendar>/", views.calendar_detail, name="calendar"),
    path("<slug:calendar>/past/", views.calendar_past, name="calendar-past"),
    path("<slug:calendar>/month/", views.calendar_month_current, name="calendar-month-current"),
    path(
        "<slug:calendar>/month/<int:year>/<int:month>/",
        views.calendar_month,
        name="calendar-month",
    ),
    path("<slug:calendar>/rss/", feeds.calendar_rss, name="calendar-rss"),
    path("<slug:calendar>/atom/", feeds.calendar_atom, name="calendar-atom"),
    path("<slug:calendar>/widget/", views.calendar_widget, name="calendar-widget"),
    path("<slug:calendar>/<int:pk>/event.ics", views.event_ics, name="event-ics"),
    path("<slug:calendar>/<int:pk>/<slug:slug>/", views.event_detail, name="event-detail"),
]
