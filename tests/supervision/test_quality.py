"""Quality assessment: rubric choice, reviewers and peer review, grade bands, the failed-file subsidy rule."""

from datetime import date
from decimal import Decimal

import pytest

from cases.models import CaseEvent, Subsidy, SubsidyTransition
from legalaid.errors import DomainError
from legalaid.vocabulary import CaseType, CriminalStage
from supervision import selectors, services
from supervision.models import AssessmentTransition, QualityAssessment, QualityRubric, SupervisionPolicy
from tests.supervision.factories import make_rubric, scores

pytestmark = pytest.mark.django_db


def test_rubric_for_a_stage_falls_back_to_the_case_type(db):
    general = make_rubric(CaseType.CRIMINAL)
    trial = make_rubric(CaseType.CRIMINAL, stage=CriminalStage.FIRST_INSTANCE, name="一审辩护质量标准")
    make_rubric(CaseType.CRIMINAL, effective_from=date(2027, 1, 1), name="2027 标准")
    on = date(2026, 5, 1)
    assert QualityRubric.for_case(CaseType.CRIMINAL, CriminalStage.FIRST_INSTANCE, on) == trial
    assert QualityRubric.for_case(CaseType.CRIMINAL, CriminalStage.INVESTIGATION, on) == general
    assert QualityRubric.for_case(CaseType.CIVIL, "", on) is None


@pytest.mark.parametrize(
    ("percent", "grade"), [("90", "excellent"), ("89.99", "good"), ("75", "good"), ("60", "pass"), ("59.5", "fail")]
)
def test_default_grade_bands(percent, grade):
    assert services.grade_for({"bands": []}, Decimal(percent)) == grade


def test_only_closed_cases_are_assessed(case, supervisor, rubric):
    with pytest.raises(DomainError, match="尚未结案"):
        services.assessment_start(case, actor=supervisor)


def test_staff_without_the_permission_cannot_assess(closed_case, alice):
    with pytest.raises(DomainError, match="权限"):
        services.assessment_start(closed_case, actor=alice)


def test_pass_keeps_the_subsidy_and_records_the_grade(closed_case, supervisor, rubric):
    assessment = services.assessment_start(closed_case, actor=supervisor)
    services.assessment_review_record(assessment, actor=supervisor, reviewer=supervisor, scores=scores(rubric, 80))
    assessment = services.assessment_finalise(assessment, actor=supervisor)
    assert (assessment.total, assessment.percent, assessment.grade) == (Decimal("80.00"), Decimal("80.00"), "good")
    subsidy = Subsidy.objects.get(case=closed_case)
    assert subsidy.amount == Decimal("1500.00") and subsidy.quality_grade == "良好"
    assert assessment.subsidy_action == "none"
    assert [t.to_status for t in AssessmentTransition.objects.filter(assessment=assessment)] == [
        "in_review",
        "finalised",
    ]
    assert CaseEvent.objects.filter(case=closed_case, kind="supervision", text__contains="良好").exists()
    with pytest.raises(DomainError, match="一案一评"):
        services.assessment_start(closed_case, actor=supervisor)


def test_a_failed_file_withholds_the_subsidy(closed_case, supervisor, rubric):
    assessment = services.assessment_start(closed_case, actor=supervisor)
    services.assessment_review_record(assessment, actor=supervisor, reviewer=supervisor, scores=scores(rubric, 50))
    assessment = services.assessment_finalise(assessment, actor=supervisor)
    assert assessment.grade == "fail" and assessment.subsidy_action == "withhold"
    subsidy = Subsidy.objects.get(case=closed_case)
    assert subsidy.amount == Decimal("0.00") and subsidy.quality_adjustment == Decimal("-1500.00")
    assert SubsidyTransition.objects.filter(subsidy=subsidy, actor=supervisor, reason__contains="不合格").exists()
    assert "0.00" in assessment.subsidy_note


def test_a_configured_reduction_halves_the_subsidy(closed_case, supervisor, rubric):
    SupervisionPolicy.objects.create(effective_from=date(2025, 1, 1), fail_subsidy_reduction_percent=50)
    assessment = services.assessment_start(closed_case, actor=supervisor)
    services.assessment_review_record(assessment, actor=supervisor, reviewer=supervisor, scores=scores(rubric, 40))
    assessment = services.assessment_finalise(assessment, actor=supervisor)
    assert assessment.subsidy_action == "reduce" and assessment.subsidy_percent == 50
    assert Subsidy.objects.get(case=closed_case).amount == Decimal("750.00")


def test_two_reviewers_one_a_peer_from_another_firm_are_averaged(closed_case, supervisor, peer, rubric):
    assessment = services.assessment_start(closed_case, actor=supervisor)
    first = services.assessment_review_record(
        assessment, actor=supervisor, reviewer=supervisor, scores=scores(rubric, 90)
    )
    second = services.assessment_review_record(assessment, actor=supervisor, reviewer=peer, scores=scores(rubric, 70))
    assert not first.is_peer and second.is_peer and second.recorded_by == supervisor
    assessment = services.assessment_finalise(assessment, actor=supervisor)
    assert assessment.total == Decimal("80.00") and assessment.grade == "good"


def test_reviewer_rules(closed_case, supervisor, roster, director, rubric):
    assessment = services.assessment_start(closed_case, actor=supervisor)
    with pytest.raises(DomainError, match="不能评查自己"):
        services.assessment_review_record(
            assessment, actor=supervisor, reviewer=roster.senior_lawyer, scores=scores(rubric, 80)
        )
    with pytest.raises(DomainError, match="同属一个机构"):
        services.assessment_review_record(
            assessment, actor=supervisor, reviewer=roster.junior_lawyer, scores=scores(rubric, 80)
        )
    too_many = scores(rubric, 80)
    first_item = next(iter(too_many))
    too_many[first_item] = (Decimal("999"), "")
    with pytest.raises(DomainError, match="之间"):
        services.assessment_review_record(assessment, actor=supervisor, reviewer=supervisor, scores=too_many)
    with pytest.raises(DomainError, match="缺少"):
        services.assessment_review_record(assessment, actor=supervisor, reviewer=supervisor, scores={})
    with pytest.raises(DomainError, match="至少一名评查人"):
        services.assessment_finalise(assessment, actor=supervisor)
    services.assessment_review_record(assessment, actor=supervisor, reviewer=supervisor, scores=scores(rubric, 80))
    with pytest.raises(DomainError, match="已对本案评分"):
        services.assessment_review_record(assessment, actor=supervisor, reviewer=supervisor, scores=scores(rubric, 80))
    services.assessment_review_record(assessment, actor=supervisor, reviewer=director, scores=scores(rubric, 80))
    with pytest.raises(DomainError, match="最多由两名"):
        services.assessment_review_record(assessment, actor=supervisor, reviewer=roster.minors_lawyer, scores={})


def test_rubric_edits_after_start_do_not_change_the_scoring(closed_case, supervisor, rubric):
    assessment = services.assessment_start(closed_case, actor=supervisor)
    rubric.items.update(max_points=Decimal("5"))
    services.assessment_review_record(assessment, actor=supervisor, reviewer=supervisor, scores=scores(assessment, 100))
    assessment = services.assessment_finalise(assessment, actor=supervisor)
    assert assessment.total == Decimal("100.00") and assessment.grade == "excellent"


def test_queue_is_oldest_first_and_drops_finalised(frozen_now, network, alice, roster, supervisor, rubric):
    from cases.models import Case
    from tests.cases.factories import subsidy_standard
    from tests.supervision.factories import assigned_case, close_case

    subsidy_standard(amount="1500.00")
    first = assigned_case(network, actor=alice, handler=roster.senior_lawyer, name="甲")
    first = close_case(first, handler=roster.senior_lawyer, reviewer=alice, end=date(2026, 3, 10))
    frozen_now.shift(86400)
    second = assigned_case(network, actor=alice, handler=roster.junior_lawyer, name="乙")
    second = close_case(second, handler=roster.junior_lawyer, reviewer=alice, end=date(2026, 3, 11))
    assert list(selectors.assessment_queue(supervisor)) == [first, second]
    assessment = services.assessment_start(first, actor=supervisor)
    assert list(selectors.assessment_queue(supervisor)) == [first, second]  # still being scored
    services.assessment_review_record(assessment, actor=supervisor, reviewer=supervisor, scores=scores(rubric, 95))
    assessment = services.assessment_finalise(assessment, actor=supervisor)
    assert list(selectors.assessment_queue(supervisor)) == [second]
    assert selectors.unassessed_cases(supervisor).count() == 1
    assert Case.objects.get(pk=first.pk).assessed_at == assessment.finalised_at  # the queue's own mark
    assert Case.objects.count() == 2


def test_the_migration_marks_each_case_whose_assessment_is_final(frozen_now, closed_case, supervisor, rubric):
    import importlib
    from types import SimpleNamespace

    from django.db import connection

    from cases.models import Case

    assessment = services.assessment_start(closed_case, actor=supervisor)
    assert Case.objects.get(pk=closed_case.pk).assessed_at is None  # being scored: still waiting
    services.assessment_review_record(assessment, actor=supervisor, reviewer=supervisor, scores=scores(rubric, 80))
    assessment = services.assessment_finalise(assessment, actor=supervisor)
    Case.objects.update(assessed_at=None)

    migration = importlib.import_module("cases.migrations.0025_case_assessed_at")
    with connection.cursor() as cursor:
        migration.fill(None, SimpleNamespace(connection=connection, execute=cursor.execute))

    assert Case.objects.get(pk=closed_case.pk).assessed_at == assessment.finalised_at
    assert not selectors.unassessed_cases(supervisor).exists()


def test_random_sample_opens_assessments_in_sample_mode(closed_case, supervisor, rubric):
    drawn = services.sample_draw(supervisor, count=5, closed_from=date(2026, 3, 1), closed_to=date(2026, 3, 31))
    assert [a.case for a in drawn] == [closed_case]
    assert drawn[0].mode == QualityAssessment.Mode.SAMPLE
    with pytest.raises(DomainError, match="没有尚未评查"):
        services.sample_draw(supervisor, count=5, closed_from=date(2026, 3, 1), closed_to=date(2026, 3, 31))
