from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("queue/", views.review_queue, name="queue"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/new/", views.application_create, name="application_create"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/review/", views.application_review, name="application_review"),
    path("applications/<int:pk>/accept/", views.application_accept, name="application_accept"),
    path("applications/<int:pk>/notice/", views.application_notice, name="application_notice"),
    path("applications/<int:pk>/notice/print/", views.notice_print, name="notice_print"),
    path("applications/<int:pk>/notice/pdf/", views.notice_pdf, name="notice_pdf"),
    path("applications/<int:pk>/supply/", views.application_supply, name="application_supply"),
    path("applications/<int:pk>/urgent/", views.application_mark_urgent, name="application_mark_urgent"),
    path("applications/<int:pk>/pre-provide/", views.application_pre_provide, name="application_pre_provide"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("applications/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("applications/<int:pk>/attachments/<int:attachment_pk>/", views.attachment_file, name="attachment_file"),
    path("applications/<int:pk>/parties/new/", views.opposing_party_add, name="opposing_party_add"),
    path("applications/<int:pk>/forms/<slug:slug>/", views.form_print, name="form_print"),
    path("applications/<int:pk>/forms/<slug:slug>/pdf/", views.form_pdf, name="form_pdf"),
    path("applications/<int:pk>/letters/<int:letter_pk>/", views.letter_print, name="letter_print"),
    path("applications/<int:pk>/letters/<int:letter_pk>/pdf/", views.letter_pdf, name="letter_pdf"),
    path("persons/", views.person_list, name="person_list"),
    path("persons/new/", views.person_create, name="person_create"),
    path("persons/lookup/", views.person_lookup, name="person_lookup"),
    path("persons/<int:pk>/", views.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("persons/<int:person_pk>/home-visits/new/", views.home_visit_create, name="home_visit_create"),
    path("consultations/", views.consultation_list, name="consultation_list"),
    path("consultations/new/", views.consultation_create, name="consultation_create"),
    path("consultations/call-backs/", views.call_back_list, name="call_back_list"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path("consultations/<int:pk>/call-back/", views.consultation_call_back, name="consultation_call_back"),
    path("home-visits/", views.home_visit_list, name="home_visit_list"),
    path("home-visits/<int:pk>/", views.home_visit_detail, name="home_visit_detail"),
    # Public pages: no login.
    path("apply/", views.public_apply, name="public_apply"),
    path("apply/receipt/", views.public_receipt, name="public_receipt"),
    path("apply/status/", views.public_status, name="public_status"),
]
