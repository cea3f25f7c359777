from django_tasks import task

from synergies.transmissions import notifications


@task()
def email_transmission(transmission_id: int) -> None:
    notifications.email_transmission(transmission_id)


@task()
def email_response(transmission_id: int) -> None:
    notifications.email_response(transmission_id)


@task()
def email_reminder(transmission_id: int, kind: str) -> None:
    notifications.email_reminder(transmission_id, kind)
