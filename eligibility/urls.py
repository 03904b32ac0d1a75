from django.urls import path

from . import views

app_name = "eligibility"

urlpatterns = [
    path("", views.decision_queue, name="decision_queue"),
    path("applications/<int:pk>/", views.application_eligibility, name="application"),
    path("applications/<int:pk>/assess/", views.assessment_create, name="assessment_create"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application_decide"),
    path("applications/<int:pk>/objection/", views.objection_create, name="objection_create"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/pdf/", views.decision_pdf, name="decision_pdf"),
    path("cards/", views.card_list, name="card_list"),
    path("cards/new/", views.card_issue, name="card_issue"),
    path("cards/<int:pk>/", views.card_detail, name="card_detail"),
    path("cards/<int:pk>/revoke/", views.card_revoke, name="card_revoke"),
    path("cards/<int:pk>/pdf/", views.card_pdf, name="card_pdf"),
    path("objections/", views.objection_list, name="objection_list"),
    path("objections/<int:pk>/", views.objection_detail, name="objection_detail"),
    path("objections/<int:pk>/decide/", views.objection_decide, name="objection_decide"),
    path("spot-checks/", views.spot_check_list, name="spot_check_list"),
    path("spot-checks/<int:pk>/", views.spot_check_detail, name="spot_check_detail"),
    path("rules/", views.rules, name="rules"),
]
