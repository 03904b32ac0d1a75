"""The card task in a real worker: an assignment committed here, the card and its PDF made there."""

import pytest

from supervision.models import FollowUpVisit, SupervisionCard
from supervision.tasks import case_assigned
from tests.worker import celery_worker


@pytest.mark.worker
def test_assignment_enqueues_the_card_for_the_worker(transactional_db, network, alice, roster):
    from tests.supervision.factories import assigned_case

    with celery_worker() as worker:
        case = assigned_case(network, actor=alice, handler=roster.senior_lawyer)
        code = case_assigned.delay(case.pk).get(timeout=120)  # runs after the hook's own run: idempotent
        assert worker.poll() is None
    card = SupervisionCard.objects.get(case=case)
    assert card.return_code == code and card.pdf
    assert FollowUpVisit.objects.filter(case=case).count() == 2
