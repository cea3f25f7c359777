"""Background tasks: thin wrappers that take ids, queued on commit by the services."""

from django_tasks import task

from synergies.practices import notifications


@task()
def notify_moderators(practice_id: int) -> None:
    notifications.notify_moderators(practice_id)


@task()
def notify_editors(practice_id: int, event: str) -> None:
    notifications.notify_editors(practice_id, event)


@task()
def check_practice_links(practice_id: int) -> None:
    from synergies.practices.services.links import check_links

    check_links(practice_id)
