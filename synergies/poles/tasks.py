from django_tasks import task

from synergies.poles import notifications


@task()
def alert_compliance_broken(pole_id: int) -> None:
    notifications.alert_compliance_broken(pole_id)
