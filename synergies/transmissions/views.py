"""The transmissions' pages: the public follows a pôle's public transmissions, members follow them all, the
secretariat prepares, sends and records the Instance's acknowledgement and answer."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from synergies.lib.uploads import serve_stored
from synergies.poles.notifications import secretariat_emails
from synergies.poles.views.common import add_errors, get_pole_for_user, pole_context, require_perm
from synergies.poles.views.settings import settings_page
from synergies.transmissions import services, subjects
from synergies.transmissions.forms import (
    AcknowledgementForm,
    PrepareForm,
    ResponseForm,
    StatusFilterForm,
    TransmissionForm,
    TransmissionSettingsForm,
)
from synergies.transmissions.models import Transmission, TransmissionSettings

PAGE_SIZE = getattr(settings, "TRANSMISSIONS_PAGE_SIZE", 25)
MANAGE = "transmissions.manage_transmissions"


def get_transmission_for_user(request: HttpRequest, basin: str, code: str, reference: str, perm: str) -> Transmission:
    """The transmission, or 404 when the user may not see it (a private one, for the public), or 403."""
    pole = get_pole_for_user(request, basin, code, "transmissions.view_transmissions")
    transmission = get_object_or_404(
        Transmission.objects.visible_to(request.user, pole).select_related("response", "subject_type"),
        reference=reference,
    )
    transmission.pole = pole
    require_perm(request, perm, transmission)
    return transmission


def _context(request: HttpRequest, transmission: Transmission, **extra: Any) -> dict[str, Any]:
    return {
        **pole_context(request, transmission.pole),
        "transmission": transmission,
        "can_transmit": request.user.has_perm(MANAGE, transmission.pole),
        **extra,
    }


def _not_now(request: HttpRequest, transmission: Transmission, message: str) -> HttpResponse:
    messages.info(request, message)
    return redirect(transmission)


def transmission_list(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "transmissions.view_transmissions")
    follows = request.user.has_perm("transmissions.view_all_transmissions", pole)
    form = StatusFilterForm(request.GET) if follows else None
    transmissions = Transmission.objects.visible_to(request.user, pole).for_listing().order_by("-year", "-number")
    if form is not None:
        transmissions = form.apply(transmissions)
    page = Paginator(transmissions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "transmissions/transmission_list.html",
        {
            **pole_context(request, pole),
            "page": page,
            "form": form,
            "query": query.urlencode(),
            "follows": follows,
            "can_transmit": request.user.has_perm(MANAGE, pole),
        },
    )


def transmission_detail(request: HttpRequest, basin: str, code: str, reference: str) -> HttpResponse:
    transmission = get_transmission_for_user(request, basin, code, reference, "transmissions.view_transmission")
    subject = transmission.subject
    return render(
        request,
        "transmissions/transmission_detail.html",
        _context(
            request,
            transmission,
            events=list(transmission.events.select_related("by")),
            response=getattr(transmission, "response", None),
            subject=subject,
            subject_url=subjects.subject_url(subject),
            follows=request.user.has_perm("transmissions.view_all_transmissions", transmission.pole),
        ),
    )


def transmission_pdf(request: HttpRequest, basin: str, code: str, reference: str) -> Any:
    transmission = get_transmission_for_user(request, basin, code, reference, "transmissions.view_transmission")
    return serve_stored(transmission.pdf, filename=f"{transmission.reference}.pdf", content_type="application/pdf")


@login_required
def transmission_prepare(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, MANAGE)
    form = PrepareForm(request.POST or None, pole=pole)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            transmission = services.prepare_transmission(
                data["subject"],
                title=data["title"],
                message=data["message"],
                is_public=False if data["private"] else None,
                by=request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Transmission %(reference)s préparée : relisez-la, puis envoyez-la à l’Instance.")
                % {"reference": transmission.reference},
            )
            return redirect(transmission)
    return render(
        request,
        "transmissions/transmission_prepare.html",
        {**pole_context(request, pole), "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def transmission_edit(request: HttpRequest, basin: str, code: str, reference: str) -> HttpResponse:
    transmission = get_transmission_for_user(request, basin, code, reference, MANAGE)
    if transmission.status != Transmission.Status.PREPARED:
        return _not_now(request, transmission, _("Cette transmission a été envoyée : elle ne se modifie plus."))
    form = TransmissionForm(request.POST or None, instance=transmission)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_prepared(transmission, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Modifications enregistrées."))
            return redirect(transmission)
    return render(
        request,
        "transmissions/form_page.html",
        _context(request, transmission, form=form, title=_("Modifier la transmission"), submit=_("Enregistrer")),
        status=400 if request.method == "POST" else 200,
    )


@login_required
def transmission_send(request: HttpRequest, basin: str, code: str, reference: str) -> HttpResponse:
    """A confirmation page showing to whom it goes; the POST sends."""
    transmission = get_transmission_for_user(request, basin, code, reference, MANAGE)
    if transmission.status != Transmission.Status.PREPARED:
        return _not_now(request, transmission, _("Cette transmission a déjà été envoyée."))
    error = None
    if request.method == "POST":
        try:
            services.send_transmission(transmission, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("Transmission %(reference)s envoyée à %(recipient)s.")
                % {"reference": transmission.reference, "recipient": transmission.recipient_email},
            )
            return redirect(transmission)
    options = TransmissionSettings.for_pole(transmission.pole)
    return render(
        request,
        "transmissions/transmission_send.html",
        _context(
            request,
            transmission,
            error=error,
            copies=[e for e in secretariat_emails(transmission.pole.basin) if e != transmission.recipient_email],
            response_days=options.response_days,
            subject=transmission.subject,
        ),
        status=400 if error else 200,
    )


@login_required
def transmission_acknowledge(request: HttpRequest, basin: str, code: str, reference: str) -> HttpResponse:
    transmission = get_transmission_for_user(request, basin, code, reference, MANAGE)
    if transmission.status != Transmission.Status.SENT:
        return _not_now(
            request, transmission, _("L’accusé de réception ne s’enregistre que pour une transmission envoyée.")
        )
    form = AcknowledgementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_acknowledgement(transmission, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Accusé de réception enregistré."))
            return redirect(transmission)
    return render(
        request,
        "transmissions/form_page.html",
        _context(
            request,
            transmission,
            form=form,
            title=_("Enregistrer l’accusé de réception"),
            submit=_("Enregistrer l’accusé de réception"),
        ),
        status=400 if request.method == "POST" else 200,
    )


@login_required
def transmission_respond(request: HttpRequest, basin: str, code: str, reference: str) -> HttpResponse:
    transmission = get_transmission_for_user(request, basin, code, reference, MANAGE)
    if transmission.status not in (Transmission.Status.SENT, Transmission.Status.ACKNOWLEDGED):
        return _not_now(
            request, transmission, _("Une réponse ne s’enregistre que pour une transmission envoyée, une fois.")
        )
    form = ResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_response(transmission, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Réponse de l’Instance enregistrée ; les membres du pôle en sont avertis."))
            return redirect(transmission)
    return render(
        request,
        "transmissions/form_page.html",
        _context(
            request,
            transmission,
            form=form,
            title=_("Enregistrer la réponse de l’Instance"),
            submit=_("Enregistrer la réponse"),
        ),
        status=400 if request.method == "POST" else 200,
    )


@login_required
def transmission_settings(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    return settings_page(
        request,
        basin,
        code,
        form_class=TransmissionSettingsForm,
        title=_("Modalités des transmissions"),
        verb="transmission.settings.update",
        next_url=reverse("transmissions:list", kwargs={"basin": basin, "code": code.upper()}),
    )
