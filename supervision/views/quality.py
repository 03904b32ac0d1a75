"""Quality assessment: the queue, random samples, reviewers' scores and the grade."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.selectors import case_for_user
from legalaid.errors import DomainError

from .. import dates, forms, selectors, services
from ..models import (
    QualityAssessment,
)
from .common import form_error, page

# ---------------------------------------------------------------- quality


@login_required
@permission_required("supervision.view_qualityassessment", raise_exception=True)
def queue(request):
    today = timezone.localdate()
    sample_form = forms.SampleForm(initial={"closed_from": dates.previous_month(today), "closed_to": today})
    return render(
        request,
        "supervision/queue.html",
        {"page": page(request, selectors.assessment_queue(request.user)), "sample_form": sample_form},
    )


@login_required
@permission_required("supervision.assess_quality", raise_exception=True)
@require_POST
def assessment_start(request, case_pk: int):
    case = case_for_user(request.user, case_pk)
    try:
        assessment = services.assessment_start(case, actor=request.user)
    except DomainError as exc:
        existing = QualityAssessment.objects.filter(case=case).first()
        if existing and not existing.is_final:
            return redirect("supervision:review_add", existing.pk)
        messages.error(request, exc.message)
        return redirect("supervision:queue")
    return redirect("supervision:review_add", assessment.pk)


@login_required
@permission_required("supervision.assess_quality", raise_exception=True)
def sample(request):
    form = forms.SampleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            drawn = services.sample_draw(request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已随机抽取 %(count)s 件案件，列入评查。") % {"count": len(drawn)})
            return redirect("supervision:queue")
    return render(request, "supervision/sample.html", {"form": form})


@login_required
@permission_required("supervision.view_qualityassessment", raise_exception=True)
def assessment_detail(request, pk: int):
    assessment = selectors.assessment_for_user(request.user, pk)
    return render(
        request,
        "supervision/assessment.html",
        {
            "assessment": assessment,
            "reviews": selectors.assessment_reviews(assessment),
            "items": assessment.rubric_snapshot["items"],
            "transitions": assessment.transitions.select_related("actor"),
        },
    )


@login_required
@permission_required("supervision.assess_quality", raise_exception=True)
def review_add(request, pk: int):
    assessment = selectors.assessment_for_user(request.user, pk)
    if assessment.is_final:
        messages.info(request, _("该案件的质量评查已评定。"))
        return redirect("supervision:assessment", assessment.pk)
    reviewers = forms.reviewer_choices(assessment.centre, assessment.handler_id)
    done = set(assessment.reviews.values_list("reviewer_id", flat=True))
    form = forms.ReviewForm(
        request.POST or None,
        assessment=assessment,
        reviewers=reviewers.exclude(pk__in=done),
        initial={"reviewer": None if request.user.pk in done else request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_review_record(
                assessment,
                actor=request.user,
                reviewer=form.cleaned_data["reviewer"],
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
            if "finalise" in request.POST:
                assessment = services.assessment_finalise(assessment, actor=request.user)
                messages.success(
                    request,
                    _("已评定：%(total)s 分，%(grade)s。")
                    % {"total": assessment.total, "grade": assessment.get_grade_display()},
                )
            else:
                messages.success(request, _("评分已保存，等待第二名评查人评分。"))
        except DomainError as exc:
            form_error(form, exc)
        else:
            return redirect("supervision:assessment", assessment.pk)
    return render(
        request,
        "supervision/review_form.html",
        {"assessment": assessment, "form": form, "reviews": selectors.assessment_reviews(assessment)},
    )


@login_required
@permission_required("supervision.assess_quality", raise_exception=True)
@require_POST
def assessment_finalise(request, pk: int):
    assessment = selectors.assessment_for_user(request.user, pk)
    try:
        assessment = services.assessment_finalise(assessment, actor=request.user, comment=request.POST.get("comment"))
        messages.success(
            request,
            _("已评定：%(total)s 分，%(grade)s。")
            % {"total": assessment.total, "grade": assessment.get_grade_display()},
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("supervision:assessment", assessment.pk)
