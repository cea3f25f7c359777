"""One page per ⚙ settings row of a pôle, for the apps above (meetings, consensus, transmissions)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from synergies.poles.services.settings import save_pole_settings
from synergies.poles.views.common import add_errors, get_pole_for_user, pole_context


def settings_page(
    request: HttpRequest,
    basin: str,
    code: str,
    *,
    form_class: type[forms.ModelForm[Any]],
    title: str,
    verb: str,
    next_url: str,
) -> HttpResponse:
    """Show and save the settings row of `form_class`'s model (which has `for_pole`) for the pôle (secretariat only);
    the calling view is login_required."""
    pole = get_pole_for_user(request, basin, code, "poles.change_pole")
    model: Any = form_class._meta.model
    instance = model.for_pole(pole)
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            save_pole_settings(instance, form.cleaned_data, fields=form.fields, verb=verb, by=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Réglages enregistrés."))
            return redirect(next_url)
    return render(
        request,
        "poles/form_page.html",
        {**pole_context(request, pole), "form": form, "title": title},
        status=400 if form.errors else 200,
    )
