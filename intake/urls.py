from django.urls import path

from .views import applications, consultations, documents, filing, home_visits, persons, public, queue

app_name = "intake"

urlpatterns = [
    path("queue/", queue.review_queue, name="queue"),
    path("applications/", queue.application_list, name="application_list"),
    path("applications/new/", filing.application_create, name="application_create"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application_edit"),
    path("applications/<int:pk>/review/", applications.application_review, name="application_review"),
    path("applications/<int:pk>/accept/", applications.application_accept, name="application_accept"),
    path("applications/<int:pk>/notice/", applications.application_notice, name="application_notice"),
    path("applications/<int:pk>/notice/print/", documents.notice_print, name="notice_print"),
    path("applications/<int:pk>/notice/pdf/", documents.notice_pdf, name="notice_pdf"),
    path("applications/<int:pk>/supply/", applications.application_supply, name="application_supply"),
    path("applications/<int:pk>/urgent/", applications.application_mark_urgent, name="application_mark_urgent"),
    path("applications/<int:pk>/pre-provide/", applications.application_pre_provide, name="application_pre_provide"),
    path("applications/<int:pk>/withdraw/", applications.application_withdraw, name="application_withdraw"),
    path("applications/<int:pk>/attachments/", applications.attachment_add, name="attachment_add"),
    path(
        "applications/<int:pk>/attachments/<int:attachment_pk>/", applications.attachment_file, name="attachment_file"
    ),
    path("applications/<int:pk>/parties/new/", applications.opposing_party_add, name="opposing_party_add"),
    path("applications/<int:pk>/forms/<slug:slug>/", documents.form_print, name="form_print"),
    path("applications/<int:pk>/forms/<slug:slug>/pdf/", documents.form_pdf, name="form_pdf"),
    path("applications/<int:pk>/letters/<int:letter_pk>/", documents.letter_print, name="letter_print"),
    path("applications/<int:pk>/letters/<int:letter_pk>/pdf/", documents.letter_pdf, name="letter_pdf"),
    path("persons/", persons.person_list, name="person_list"),
    path("persons/new/", persons.person_create, name="person_create"),
    path("persons/lookup/", persons.person_lookup, name="person_lookup"),
    path("persons/<int:pk>/", persons.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", persons.person_edit, name="person_edit"),
    path("persons/<int:person_pk>/home-visits/new/", home_visits.home_visit_create, name="home_visit_create"),
    path("consultations/", consultations.consultation_list, name="consultation_list"),
    path("consultations/new/", consultations.consultation_create, name="consultation_create"),
    path("consultations/call-backs/", consultations.call_back_list, name="call_back_list"),
    path("consultations/<int:pk>/", consultations.consultation_detail, name="consultation_detail"),
    path("consultations/<int:pk>/call-back/", consultations.consultation_call_back, name="consultation_call_back"),
    path("home-visits/", home_visits.home_visit_list, name="home_visit_list"),
    path("home-visits/<int:pk>/", home_visits.home_visit_detail, name="home_visit_detail"),
    # Public pages: no login.
    path("apply/", public.public_apply, name="public_apply"),
    path("apply/receipt/", public.public_receipt, name="public_receipt"),
    path("apply/status/", public.public_status, name="public_status"),
    path("consult/", public.public_consult, name="public_consult"),
    path("consult/received/", public.public_consult_receipt, name="public_consult_receipt"),
]
