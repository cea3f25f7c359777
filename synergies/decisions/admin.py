from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from synergies.decisions.models import ConsensusSettings, Decision


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    """The register is read, never written, here: entries are written by adoption only."""

    list_display = ["reference", "title", "pole", "decided_on", "is_public"]
    list_filter = ["pole", "year", "kind"]
    search_fields = ["reference", "title"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ConsensusSettings)
class ConsensusSettingsAdmin(admin.ModelAdmin):
    list_display = ["pole", "require_all_components", "silence_counts_as_agreement", "written_procedure_days"]
