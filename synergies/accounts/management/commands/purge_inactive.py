from typing import Any

from django.core.management.base import BaseCommand

from synergies.accounts import retention


class Command(BaseCommand):
    help = (
        "Liste puis purge les invitations anciennes, les comptes jamais activés, les comptes inutilisés "
        "depuis longtemps (effacés par pseudonymisation) et les tâches d’arrière-plan terminées. Utilisez --dry-run "
        "pour seulement lister."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Lister sans rien modifier.")
        parser.add_argument(
            "--invitation-days", type=int, help="Âge au-delà duquel une invitation close est supprimée."
        )
        parser.add_argument("--account-days", type=int, help="Inactivité au-delà de laquelle un compte est effacé.")
        parser.add_argument("--task-days", type=int, help="Âge au-delà duquel une tâche terminée est supprimée.")

    def handle(self, *args: Any, **options: Any) -> None:
        found = retention.plan(
            invitation_days=options["invitation_days"],
            account_days=options["account_days"],
            task_days=options["task_days"],
        )
        self.stdout.write(f"Invitations à supprimer : {len(found.invitations)}")
        for invitation in found.invitations:
            self.stdout.write(
                f"  - invitation n° {invitation.pk} du {invitation.created_at:%d/%m/%Y} ({invitation.status_label})"
            )
        self.stdout.write(f"Comptes jamais activés à effacer : {len(found.never_activated)}")
        for user in found.never_activated:
            self.stdout.write(f"  - compte n° {user.pk}, créé le {user.date_joined:%d/%m/%Y}")
        self.stdout.write(f"Comptes inactifs à effacer : {len(found.dormant)}")
        for user in found.dormant:
            last = f"{user.last_login:%d/%m/%Y}" if user.last_login else "jamais"
            self.stdout.write(f"  - compte n° {user.pk}, dernière connexion : {last}")
        self.stdout.write(f"Tâches d’arrière-plan terminées à supprimer : {found.task_results}")
        if options["dry_run"]:
            self.stdout.write("Simulation : rien n’a été modifié.")
            return
        retention.purge(found)
        self.stdout.write(self.style.SUCCESS("Purge effectuée."))
