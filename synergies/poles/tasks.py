import datetime

from django_tasks import task

from synergies.poles import notifications


@task()
def alert_compliance_broken(pole_id: int, day: str | None = None) -> None:
    notifications.alert_compliance_broken(pole_id, datetime.date.fromisoformat(day) if day else None)
