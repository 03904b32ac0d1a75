from django.urls import path

from . import views

app_name = "archive"

urlpatterns = [
    path("", views.archive_list, name="list"),
    path("case/<int:pk>/", views.case_file, name="case_file"),
    path("case/<int:pk>/archive/", views.case_file_archive, name="archive_case"),
    path("case/<int:pk>/file.pdf", views.case_file_pdf, name="case_file_pdf"),
]
