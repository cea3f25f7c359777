"""Background tasks: thin wrappers that take ids, queued on commit by the services."""

from django.conf import settings
from django_tasks import task

from synergies.practices import notifications


@task()
def notify_moderators(practice_id: int) -> None:
    notifications.notify_moderators(practice_id)


@task()
def notify_editors(practice_id: int, event: str) -> None:
    notifications.notify_editors(practice_id, event)


@task()
def relay_contact_message(practice_id: int, name: str, email: str, message: str) -> None:
    """Queued by the contact form, so that a slow or unreachable mail server neither delays nor fails the visitor's
    page; the queue keeps the message until it is sent (finished tasks are pruned, see `purge_inactive`)."""
    notifications.relay_contact_message(practice_id, name=name, email=email, message=message)


@task()
def check_practice_links(practice_id: int) -> None:
    """Off where the network must not be reached (tests, or PRACTICES_CHECK_LINKS=false)."""
    from synergies.practices.services.links import check_links

    if settings.PRACTICES_CHECK_LINKS:
        check_links(practice_id)
