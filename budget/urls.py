from django.urls import path

from budget import views

app_name = "budget"

urlpatterns = [
    path("", views.report, name="report"),
    path("export/<slug:table>.csv", views.report_csv, name="report-csv"),
    path("lines/<int:pk>/", views.line_detail, name="line-detail"),
    path("lines/<int:pk>/expenses.csv", views.line_csv, name="line-csv"),
    path("expenses/<int:pk>/receipt/", views.receipt_download, name="receipt-download"),
    path("support/", views.support_list, name="support-list"),
    path("support/<int:pk>/", views.support_detail, name="support-detail"),
]
