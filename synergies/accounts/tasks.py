from django_tasks import task

from synergies.accounts import emails


@task()
def send_invitation_email(invitation_id: int) -> None:
    emails.send_invitation(invitation_id)


@task()
def send_password_reset_email(user_id: int) -> None:
    emails.send_password_reset(user_id)
