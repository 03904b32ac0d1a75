import pytest

from legalaid.tasks import network_health
from tests.worker import celery_worker


@pytest.mark.worker
def test_task_runs_in_a_real_worker_through_redis(transactional_db, network):
    with celery_worker() as worker:
        result = network_health.delay().get(timeout=60)
        assert worker.poll() is None  # the worker process is alive: the task ran there, not here
    assert result["organisations"] == 6
    assert result["time_zone"] == "Asia/Shanghai"
    assert result["now"].endswith("+08:00")
    assert result["language"] == "zh-hans"


def test_tasks_run_in_process_without_a_broker(network):
    assert network_health.delay().get()["organisations"] == 6
