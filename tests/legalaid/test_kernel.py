"""The service kernel: actors, the permission and scope checks, transitions with history, the outbox."""

import pytest
from django.db import transaction
from django.utils import timezone

from intake.models import Application, HomeVisit
from intake.selectors import applications_for_user
from legalaid.errors import DomainError
from legalaid.kernel import (
    PUBLIC,
    SYSTEM,
    history_rows,
    locked,
    outbox,
    repairs,
    require_permission,
    require_scope,
    status_label,
    transition,
)
from legalaid.models import OutboxMessage, StatusChange
from tests.intake.factories import file_application, home_visit


def test_actor_none_is_a_programming_error(alice):
    with pytest.raises(TypeError):
        require_permission(None, "intake.add_application")


def test_system_passes_permission_checks_and_public_only_where_allowed(bob):
    require_permission(SYSTEM, "cases.assign_case")
    with pytest.raises(DomainError):
        require_permission(PUBLIC, "cases.assign_case")
    require_permission(PUBLIC, "intake.add_application", public=True)
    with pytest.raises(DomainError) as refused:
        require_permission(bob, "cases.assign_case")
    assert "权限" in str(refused.value)


def test_scope_is_checked_through_the_apps_selector(network, alice, charlie):
    application = file_application(alice, network.workstation)
    require_scope(alice, application, applications_for_user)
    require_scope(SYSTEM, application, applications_for_user)
    with pytest.raises(DomainError):
        require_scope(charlie, application, applications_for_user)


def test_transition_writes_the_apps_own_history_row_with_labels(network, alice):
    application = file_application(alice, network.workstation)
    with transaction.atomic():
        row = locked(application)
        record = transition(row, to=Application.Status.WITHDRAWN, actor=SYSTEM, reason="逾期视为撤回")
    assert record.application_id == application.pk
    assert record.actor is None and record.actor_kind == "system"
    assert record.actor_display == "系统"
    assert record.to_label == status_label(Application, Application.Status.WITHDRAWN)
    assert record.to_label != Application.Status.WITHDRAWN
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


def test_transition_without_own_table_goes_to_status_change(network, alice):
    visit = home_visit(network.workstation, alice)
    transition(visit, to=HomeVisit.Status.DONE, actor=alice, fields=())
    rows = list(history_rows(visit))
    assert [(r.from_status, r.to_status, r.actor) for r in rows] == [("scheduled", "done", alice)]
    assert isinstance(rows[0], StatusChange)
    assert rows[0].from_label == "已预约" and rows[0].to_label == "已上门"


def test_transition_refuses_from_a_status_not_allowed(network, alice):
    application = file_application(alice, network.workstation)
    with pytest.raises(DomainError) as refused:
        transition(
            application,
            to=Application.Status.WITHDRAWN,
            actor=alice,
            allowed_from=[Application.Status.WITHDRAWN],
            action="撤回",
        )
    assert "不能撤回" in str(refused.value)


def test_outbox_rolls_back_with_the_change(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue("legalaid.tasks.network_health")
        raise RuntimeError
    assert not OutboxMessage.objects.exists()


def test_outbox_publishes_after_commit_and_keys_are_unique(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = outbox.enqueue("legalaid.tasks.network_health", key="health:1")
        again = outbox.enqueue("legalaid.tasks.network_health", key="health:1")
    assert first.pk == again.pk
    first.refresh_from_db()
    assert first.published_at is not None and first.attempts == 0


def test_a_failing_task_is_kept_for_the_relay(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.enqueue("legalaid.tasks.no_such_task")
    message.refresh_from_db()
    assert message.published_at is None and message.attempts == 1 and message.last_error
    OutboxMessage.objects.filter(pk=message.pk).update(
        task="legalaid.tasks.network_health", available_at=timezone.now()
    )
    assert outbox.relay() == 1
    message.refresh_from_db()
    assert message.published_at is not None


def test_repairers_run_each_and_survive_a_broken_one(db):
    calls = []
    repairs.register("test-ok", lambda: calls.append(1) or 1)
    repairs.register("test-broken", lambda: 1 / 0)
    try:
        results = repairs.run_all()
    finally:
        repairs._repairers.pop("test-ok")
        repairs._repairers.pop("test-broken")
    assert results["test-ok"] == 1 and results["test-broken"] == -1 and calls == [1]
