from django.urls import include, path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.index, name="index"),
    path("statistics/", include("supervision.statistics.urls")),
    path("case/<int:case_pk>/", views.case_page, name="case"),
    # quality
    path("quality/", views.queue, name="queue"),
    path("quality/sample/", views.sample, name="sample"),
    path("quality/case/<int:case_pk>/start/", views.assessment_start, name="assessment_start"),
    path("quality/<int:pk>/", views.assessment_detail, name="assessment"),
    path("quality/<int:pk>/review/", views.review_add, name="review_add"),
    path("quality/<int:pk>/finalise/", views.assessment_finalise, name="assessment_finalise"),
    # activities
    path("case/<int:case_pk>/activity/", views.activity_add, name="activity_add"),
    path("activity/<int:pk>/opinion/", views.activity_opinion, name="activity_opinion"),
    # follow-up visits and flags
    path("visits/", views.visits, name="visits"),
    path("case/<int:case_pk>/visit/", views.visit_schedule, name="visit_schedule"),
    path("visits/<int:pk>/", views.visit_record, name="visit_record"),
    path("visits/<int:pk>/cancel/", views.visit_cancel, name="visit_cancel"),
    path("flags/", views.flags, name="flags"),
    path("flags/<int:pk>/resolve/", views.flag_resolve, name="flag_resolve"),
    # quality supervision cards
    path("cards/", views.cards, name="cards"),
    path("cards/batch/", views.card_batch, name="card_batch"),
    path("cards/batch/<int:pk>.pdf", views.card_batch_pdf, name="card_batch_pdf"),
    path("cards/return-rates.xlsx", views.card_rates_xlsx, name="card_rates_xlsx"),
    path("cards/enter/", views.card_enter, name="card_enter"),
    path("cards/<int:pk>/pdf/", views.card_pdf_view, name="card_pdf"),
    path("r/", views.card_lookup, name="card_lookup"),
    path("r/<str:code>/", views.card_rate, name="card_rate"),
    # complaints
    path("complaints/", views.complaints, name="complaints"),
    path("complaints/new/", views.complaint_new, name="complaint_new"),
    path("complain/", views.complaint_public, name="complaint_public"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint"),
    # enforcement follow-up
    path("enforcement/", views.enforcement, name="enforcement"),
    path("case/<int:case_pk>/enforcement/", views.enforcement_new, name="enforcement_new"),
    path("enforcement/<int:pk>/", views.watch_detail, name="watch"),
    path("enforcement/<int:pk>/letter.pdf", views.watch_letter, name="watch_letter"),
    # stale cases, handlers, bulletins
    path("stale/", views.stale, name="stale"),
    path("handlers/<int:user_pk>/", views.handler_record, name="handler_record"),
    path("bulletins/", views.bulletins, name="bulletins"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin"),
    path("bulletins/<int:pk>/pdf/", views.bulletin_pdf, name="bulletin_pdf"),
]
