"""The technical admin reads the catalogue: records change through their editors and moderators (each change is a
revision, each move a workflow step), and labels through the register."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from synergies.practices.models import Comment, Link, Moderator, Practice, Revision


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Practice)
class PracticeAdmin(ReadOnlyAdmin):
    list_display = ["title", "holder", "status", "pole", "published_at"]
    list_filter = ["status", "kind", "pole"]
    search_fields = ["title", "external_id", "holder__name"]
    list_select_related = ["holder", "pole"]


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["practice", "number", "status", "author", "created_at"]
    list_select_related = ["practice", "author"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["practice", "kind", "author", "created_at"]
    list_select_related = ["practice", "author"]


@admin.register(Link)
class LinkAdmin(ReadOnlyAdmin):
    list_display = ["url", "practice", "status", "checked_at"]
    list_filter = ["status"]
    list_select_related = ["practice"]


@admin.register(Moderator)
class ModeratorAdmin(ReadOnlyAdmin):
    list_display = ["user", "pole", "granted_at"]
    list_select_related = ["user", "pole"]
