"""Background tasks: thin wrappers that take ids, queued on commit by the services."""

from django_tasks import task

from synergies.meetings import notifications


@task()
def send_meeting_notice(meeting_id: int, kind: str) -> None:
    notifications.send_meeting_notice(meeting_id, kind)


@task()
def send_minutes_notice(minutes_id: int) -> None:
    notifications.send_minutes_notice(minutes_id)


@task()
def send_convocation_due(meeting_id: int) -> None:
    notifications.send_convocation_due(meeting_id)


@task()
def send_cadence_alert(pole_id: int, year: int, message: str) -> None:
    notifications.send_cadence_alert(pole_id, year, message)


@task()
def freeze_minutes(minutes_id: int) -> None:
    from synergies.meetings.models import Minutes
    from synergies.meetings.services.minutes import freeze_minutes as freeze

    minutes = Minutes.objects.select_related("meeting__body__pole", "updated_by").filter(pk=minutes_id).first()
    if minutes is not None:
        freeze(minutes)
