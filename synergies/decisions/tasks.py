"""Background work of the decisions: thin wrappers around notifications, taking ids, queued on commit."""

from django_tasks import task


@task()
def announce_round(round_id: int) -> None:
    from synergies.decisions import notifications

    notifications.announce_round(round_id)


@task()
def alert_objection(position_id: int) -> None:
    from synergies.decisions import notifications

    notifications.alert_objection(position_id)
