from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("batches/", views.batches, name="batches"),
    path("batches/<int:pk>/pdf/", views.batch_pdf, name="batch_pdf"),
    path("<str:subject>/<int:pk>/", views.document_list, name="list"),
    path("<str:subject>/<int:pk>/<slug:code>/", views.document_html, name="html"),
    path("<str:subject>/<int:pk>/<slug:code>/pdf/", views.document_pdf, name="pdf"),
    path("<str:subject>/<int:pk>/<slug:code>/issue/", views.document_issue, name="issue"),
]
