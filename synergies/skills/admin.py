"""The technical admin reads the referentials and never writes them: drafts change through the editor (which logs
each change with its reason), versions come into force through a decision, external frameworks through imports."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from synergies.skills.models import Framework, FrameworkVersion, Mapping, Node


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "pole"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "slug"]


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ReadOnlyAdmin):
    list_display = ["framework", "number", "status", "released_on", "decision"]
    list_filter = ["status", "framework"]


@admin.register(Node)
class NodeAdmin(ReadOnlyAdmin):
    list_display = ["concept", "label", "kind", "version"]
    list_filter = ["kind", "version__framework"]
    search_fields = ["concept__code", "label", "label_en"]
    list_select_related = ["concept", "version__framework"]


@admin.register(Mapping)
class MappingAdmin(ReadOnlyAdmin):
    list_display = ["source", "relation", "target", "confidence", "validated_at"]
    list_filter = ["relation"]
    list_select_related = ["source__concept", "target__concept"]
