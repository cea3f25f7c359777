from django.contrib import admin

from synergies.directory.models import Affiliation, Organisation, Person, Site


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    autocomplete_fields = ["commune"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "basin", "is_active"]
    list_filter = ["basin", "type", "is_active"]
    search_fields = ["name", "acronym", "enterprise_number"]
    readonly_fields = ["slug"]
    inlines = [SiteInline]


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "basin", "public_consent"]
    list_filter = ["basin", "public_consent"]
    search_fields = ["last_name", "first_name", "email"]
    raw_id_fields = ["user"]
    inlines = [AffiliationInline]
