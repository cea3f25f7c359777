from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergies.accounts import personal_data as account_personal_data
from synergies.accounts.models import ErasureRequest, User
from synergies.directory import personal_data, services, transfer
from synergies.directory.forms import (
    AffiliationForm,
    DirectoryFilterForm,
    ImportForm,
    InviteForm,
    OrganisationForm,
    PersonForm,
)
from synergies.directory.models import Affiliation, Organisation, Person
from synergies.lib import csvio
from synergies.lib.models import AuditEntry
from synergies.lib.views import require_perm


def get_organisation_for_user(request: HttpRequest, slug: str, perm: str) -> Organisation:
    """The organisation, or 404 when it does not exist (or is hidden from this user), or 403 when not allowed."""
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user).select_related("basin"), slug=slug)
    require_perm(request, perm, organisation)
    return organisation


def get_person_for_user(request: HttpRequest, pk: int, perm: str) -> Person:
    person = get_object_or_404(Person.objects.select_related("basin", "user"), pk=pk)
    require_perm(request, perm, person)
    return person


def organisation_list(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET)
    organisations = form.apply(Organisation.objects.visible_to(request.user)).for_listing().order_by("name", "pk")
    page = Paginator(organisations, settings.DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/organisation_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_add": request.user.has_perm("directory.add_organisation"),
        },
    )


def organisation_export(request: HttpRequest) -> StreamingHttpResponse:
    form = DirectoryFilterForm(request.GET)
    organisations = form.apply(Organisation.objects.visible_to(request.user)).for_listing().order_by("name", "pk")
    rows = transfer.export_rows(organisations.iterator(chunk_size=500))
    response = StreamingHttpResponse(csvio.write(transfer.HEADER, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="organisations-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request, slug, "directory.view_organisation")
    can_change = request.user.has_perm("directory.change_organisation", organisation)
    affiliations = organisation.affiliations.select_related("person").order_by("person__last_name")
    context = {
        "organisation": organisation,
        "crumbs": [(_("Annuaire"), reverse("directory:list")), (organisation.name, None)],
        "sites": organisation.sites.select_related("commune"),
        "can_change": can_change,
        "affiliations": affiliations.current() if can_change else affiliations.public(),
        "history": AuditEntry.objects.for_object(organisation).select_related("actor")[:10] if can_change else [],
    }
    return render(request, "directory/organisation_detail.html", context)


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "directory.add_organisation")
    form = OrganisationForm(request.POST or None, basins=services.secretariat_basins(request.user))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "communes"}
        try:
            organisation = services.create_organisation(data, by=request.user, communes=form.cleaned_data["communes"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("L’organisation « %(name)s » est ajoutée à l’annuaire.") % {"name": organisation.name}
            )
            return redirect(organisation)
    return render(request, "directory/organisation_form.html", {"form": form, "title": _("Ajouter une organisation")})


@login_required
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request, slug, "directory.change_organisation")
    form = OrganisationForm(
        request.POST or None, instance=organisation, basins=services.secretariat_basins(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "communes"}
        try:
            services.update_organisation(organisation, data, by=request.user, communes=form.cleaned_data["communes"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Modifications enregistrées."))
            return redirect(organisation)
    return render(
        request,
        "directory/organisation_form.html",
        {"form": form, "organisation": organisation, "title": _("Modifier « %(name)s »") % {"name": organisation.name}},
    )


@login_required
def organisation_import(request: HttpRequest) -> HttpResponse:
    require_perm(request, "directory.import_organisations")
    form = ImportForm(request.POST or None, request.FILES or None, basins=services.secretariat_basins(request.user))
    problems: list[csvio.Problem] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = transfer.import_organisations(
                    form.cleaned_data["file"], basin=form.cleaned_data["basin"], by=request.user
                )
            except csvio.CsvError as exc:
                problems = exc.problems
                status = 400
            else:
                messages.success(
                    request,
                    _("Import terminé : %(created)s organisation(s) ajoutée(s), %(updated)s mise(s) à jour.")
                    % {"created": len(report.created), "updated": len(report.updated)},
                )
                return redirect("directory:list")
        else:
            status = 400
    return render(
        request,
        "directory/organisation_import.html",
        {"form": form, "problems": problems, "columns": transfer.COLUMNS},
        status=status,
    )


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "directory.view_people")
    q = request.GET.get("q", "").strip()[:100]
    people = (
        Person.objects.managed_by(request.user)
        .matching(q)
        .select_related("basin", "user")
        .order_by("last_name", "first_name", "pk")
    )
    page = Paginator(people, settings.DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "directory/person_list.html", {"page": page, "q": q, "query": f"q={q}" if q else ""})


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "directory.add_person")
    form = PersonForm(request.POST or None, basins=services.secretariat_basins(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(form.cleaned_data, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("La fiche de %(name)s est créée.") % {"name": person.full_name})
            return redirect(person)
    return render(request, "directory/person_form.html", {"form": form, "title": _("Ajouter une personne")})


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request, pk, "directory.view_person")
    organisations = Organisation.objects.managed_by(request.user).active().order_by("name")
    context = {
        "person": person,
        "affiliations": person.affiliations.select_related("organisation").order_by("-start_date"),
        "affiliation_form": AffiliationForm(organisations=organisations),
        "invite_form": InviteForm(),
        "invitations": person.user.invitations.all() if person.user else [],
        "history": AuditEntry.objects.for_object(person).select_related("actor")[:10],
    }
    return render(request, "directory/person_detail.html", context)


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request, pk, "directory.change_person")
    form = PersonForm(request.POST or None, instance=person, basins=services.secretariat_basins(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(person, form.cleaned_data, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Modifications enregistrées."))
            return redirect(person)
    return render(
        request,
        "directory/person_form.html",
        {"form": form, "person": person, "title": _("Modifier la fiche de %(name)s") % {"name": person.full_name}},
    )


@login_required
@require_POST
def affiliation_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request, pk, "directory.change_person")
    form = AffiliationForm(request.POST, organisations=Organisation.objects.managed_by(request.user).active())
    if form.is_valid():
        try:
            services.add_affiliation(person, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Affiliation ajoutée."))
    else:
        messages.error(
            request,
            _("Affiliation non ajoutée : %(errors)s")
            % {"errors": " ".join(str(m) for e in form.errors.values() for m in e)},
        )
    return redirect(person)


@login_required
@require_POST
def affiliation_end(request: HttpRequest, pk: int, affiliation_pk: int) -> HttpResponse:
    person = get_person_for_user(request, pk, "directory.change_person")
    affiliation = get_object_or_404(Affiliation, pk=affiliation_pk, person=person)
    try:
        services.end_affiliation(affiliation, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Affiliation terminée à la date d’aujourd’hui."))
    return redirect(person)


@login_required
@require_POST
def person_invite(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request, pk, "directory.invite_person")
    form = InviteForm(request.POST)
    form.is_valid()
    try:
        invitation = services.invite_person(
            person, by=request.user, as_secretariat=form.cleaned_data.get("as_secretariat", False)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Invitation envoyée à %(email)s ; le lien est valable jusqu’au %(date)s.")
            % {"email": invitation.user.email, "date": timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y")},
        )
    return redirect(person)


@login_required
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then erase a person's personal data (RGPD art. 17); records that must last keep a pseudonym."""
    person = get_person_for_user(request, pk, "directory.erase_person")
    if request.method == "POST":
        erasure = personal_data.erase_person(person, by=request.user, reason=request.POST.get("reason", ""))
        messages.success(
            request, _("Données effacées : la fiche s’appelle désormais « %(name)s ».") % {"name": erasure.pseudonym}
        )
        return redirect("directory:person", pk=person.pk)
    pending = (
        ErasureRequest.objects.filter(user_id=person.user_id, status=ErasureRequest.Status.PENDING).first()
        if person.user_id
        else None
    )
    return render(request, "directory/person_erase.html", {"person": person, "pending": pending})


@login_required
def erasure_requests(request: HttpRequest) -> HttpResponse:
    require_perm(request, "directory.view_erasure_requests")
    pending = ErasureRequest.objects.filter(status=ErasureRequest.Status.PENDING).select_related("user__person")
    if not request.user.is_platform_admin:  # type: ignore[union-attr]
        pending = pending.filter(user__person__in=Person.objects.managed_by(request.user))
    return render(request, "directory/erasure_requests.html", {"requests": pending.order_by("requested_at")})


@login_required
@require_POST
def erasure_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    erasure_request = get_object_or_404(
        ErasureRequest.objects.select_related("user__person"), pk=pk, status=ErasureRequest.Status.PENDING
    )
    person = getattr(erasure_request.user, "person", None)
    if person is not None:
        require_perm(request, "directory.erase_person", person)
    else:
        require_perm(request, "accounts.decide_erasure")
    answer = request.POST.get("answer", "").strip()
    if not answer:
        messages.error(request, _("Indiquez la raison du refus : elle sera communiquée à la personne."))
    else:
        account_personal_data.refuse_erasure(erasure_request, by=cast(User, request.user), answer=answer)
        messages.success(request, _("Demande refusée ; la raison est enregistrée."))
    return redirect("directory:erasure_requests")
