from django.urls import include, path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("mine/", views.my_cases, name="my_cases"),
    path("board/", views.deadline_board, name="deadline_board"),
    path("open/", views.open_queue, name="open_queue"),
    path("open/application/<int:application_pk>/", views.open_from_application, name="open_from_application"),
    path("open/notification/", views.open_notification, name="open_notification"),
    path("open/pre-provision/", views.pre_provision_queue, name="pre_provision_queue"),
    path("open/pre-provision/<int:application_pk>/", views.open_pre_provision, name="open_pre_provision"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/assign/", views.case_assign, name="case_assign"),
    path(
        "<int:pk>/assignments/<int:assignment_pk>/letter.pdf",
        views.assignment_letter_pdf,
        name="assignment_letter_pdf",
    ),
    path(
        "<int:pk>/assignments/<int:assignment_pk>/notice.pdf",
        views.assignment_notice_pdf,
        name="assignment_notice_pdf",
    ),
    path(
        "<int:pk>/application/attachments/<int:attachment_pk>/",
        views.application_attachment,
        name="application_attachment",
    ),
    path("<int:pk>/event/", views.case_event, name="case_event"),
    path("<int:pk>/documents/new/", views.case_document, name="case_document"),
    path("<int:pk>/documents/<int:document_pk>/", views.case_document_file, name="case_document_file"),
    path("<int:pk>/end/", views.case_end, name="case_end"),
    path("<int:pk>/closing/", views.case_closing, name="case_closing"),
    path("<int:pk>/review/", views.case_review, name="case_review"),
    path("<int:pk>/parties/", views.case_parties, name="case_parties"),
    path("<int:pk>/coordinator/", views.case_coordinator, name="case_coordinator"),
    path("<int:pk>/change-handler/", views.handler_change_request, name="handler_change_request"),
    path("<int:pk>/change-handler/<int:change_pk>/", views.handler_change_decide, name="handler_change_decide"),
    path("<int:pk>/termination/report/", views.termination_report, name="termination_report"),
    path("<int:pk>/termination/", views.case_terminate, name="case_terminate"),
    path("<int:pk>/termination/<int:termination_pk>/decline/", views.termination_decline, name="termination_decline"),
    path(
        "<int:pk>/termination/<int:termination_pk>/decision.pdf",
        views.termination_decision_pdf,
        name="termination_decision_pdf",
    ),
    path(
        "<int:pk>/termination/<int:termination_pk>/correct/",
        views.termination_correct,
        name="termination_correct",
    ),
    path(
        "<int:pk>/termination/<int:termination_pk>/objection/",
        views.termination_objection,
        name="termination_objection",
    ),
    path("cooperation/", views.cooperation_list, name="cooperation_list"),
    path("cooperation/new/", views.cooperation_create, name="cooperation_create"),
    path("cooperation/<int:pk>/", views.cooperation_detail, name="cooperation_detail"),
    path("cooperation/<int:pk>/answer-file/", views.cooperation_answer_file, name="cooperation_answer_file"),
    path("duty/", views.duty_list, name="duty_list"),
    path("duty/new/", views.duty_create, name="duty_create"),
    path("archive/", include("cases.archive.urls")),
    path("subsidies/", views.subsidy_list, name="subsidy_list"),
    path("subsidies/export/", views.subsidy_export, name="subsidy_export"),
    path("subsidies/<int:pk>/", views.subsidy_detail, name="subsidy_detail"),
    path("", include("cases.views.calendar")),
]
