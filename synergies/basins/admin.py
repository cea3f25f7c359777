from django.contrib import admin

from synergies.basins.models import Basin, Chamber, Commune, CommuneAlias, PriorityTheme


class CommuneAliasInline(admin.TabularInline):
    model = CommuneAlias
    extra = 0


@admin.register(Basin)
class BasinAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "nis_code", "postal_code", "sub_area", "basin"]
    list_filter = ["basin", "sub_area"]
    search_fields = ["name", "nis_code", "postal_code"]
    inlines = [CommuneAliasInline]


@admin.register(Chamber)
class ChamberAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "sub_area", "basin"]


@admin.register(PriorityTheme)
class PriorityThemeAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "report_year", "basin"]
    list_filter = ["basin", "report_year", "kind"]
