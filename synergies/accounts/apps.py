from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "synergies.accounts"
    label = "accounts"
    verbose_name = _("Comptes")

    def ready(self) -> None:
        from synergies.accounts import personal_data  # noqa: F401  (registers the account's own data sources)
