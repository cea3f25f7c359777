"""lib.tasks.enqueue_on_commit: side effects leave only once the transaction has committed."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django_tasks import task

from synergies.lib.tasks import enqueue_on_commit

RAN: list[Any] = []


@task()
def remember(value: str) -> None:
    RAN.append(value)


class RecordingTask:
    def __init__(self) -> None:
        self.calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def enqueue(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append((args, kwargs))


@pytest.fixture(autouse=True)
def _forget_runs():
    RAN.clear()
    yield
    RAN.clear()


@pytest.mark.django_db
def test_a_task_is_not_enqueued_before_the_transaction_commits(django_capture_on_commit_callbacks):
    recording = RecordingTask()

    with django_capture_on_commit_callbacks() as callbacks:
        enqueue_on_commit(recording, 42, reason="invitation")
        assert recording.calls == []

    assert recording.calls == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert recording.calls == [((42,), {"reason": "invitation"})]


@pytest.mark.django_db
def test_a_task_runs_with_its_arguments_once_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(remember, "bonjour")
        assert RAN == []

    assert RAN == ["bonjour"]


@pytest.mark.django_db
def test_a_task_queued_in_a_rolled_back_block_never_runs(django_capture_on_commit_callbacks):
    recording = RecordingTask()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue_on_commit(recording, 1)
            enqueue_on_commit(remember, "jamais")
            raise RuntimeError("rollback")
        enqueue_on_commit(remember, "après")

    assert len(callbacks) == 1
    assert recording.calls == []
    assert RAN == ["après"]


@pytest.mark.django_db(transaction=True)
def test_with_real_transactions_the_task_waits_for_the_outermost_commit():
    with transaction.atomic():
        with transaction.atomic():
            enqueue_on_commit(remember, "imbriqué")
        assert RAN == []

    assert RAN == ["imbriqué"]
