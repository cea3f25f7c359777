"""Writing to a practice's contact without learning their address: the platform relays the message (through the task
queue), and the answer goes straight back to the visitor (Reply-To).

An open relay invites abuse, so each address and each browser session may send a few messages an hour (the counters
live in the shared cache, so every app server sees them), and a field no person fills in catches robots: a message
that fills it is dropped while the robot is told it was sent.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from synergies.accounts.forms import client_ip
from synergies.lib.text import one_line
from synergies.practices import tasks
from synergies.practices.views.showcase.common import get_practice_for_user
from synergies.practices.views.showcase.page import render_practice

CONTACT_LIMIT = 5
CONTACT_WINDOW = 3600  # seconds
TRAP = "site_web"


class ContactForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Votre nom"), max_length=120)
    email = forms.EmailField(
        label=gettext_lazy("Votre adresse électronique"),
        help_text=gettext_lazy("La personne de contact vous répondra à cette adresse."),
    )
    message = forms.CharField(
        label=gettext_lazy("Votre message"), min_length=10, max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "J’accepte que mon nom, mon adresse et mon message soient transmis à la personne de contact de cette "
            "pratique pour qu’elle puisse me répondre."
        ),
        error_messages={"required": gettext_lazy("Sans votre accord, le message ne peut pas être transmis.")},
    )
    site_web = forms.CharField(
        label=gettext_lazy("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_name(self) -> str:
        return one_line(self.cleaned_data["name"])

    def visible_fields(self) -> list[Any]:
        """The fields a person fills in; the trap is written apart, out of sight (see the template)."""
        return [field for field in super().visible_fields() if field.name != TRAP]

    @property
    def trap(self) -> Any:
        return self[TRAP]

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get(TRAP))


def _keys(request: HttpRequest) -> list[str]:
    keys = []
    ip = client_ip(request)
    if ip:
        keys.append("practices-contact:ip:" + hashlib.sha256(ip.encode()).hexdigest())
    session_key = request.session.session_key
    if session_key:
        keys.append("practices-contact:session:" + hashlib.sha256(session_key.encode()).hexdigest())
    return keys


def is_throttled(request: HttpRequest) -> bool:
    return any(cache.get(key, 0) >= CONTACT_LIMIT for key in _keys(request))


def count_message(request: HttpRequest) -> None:
    if not request.session.session_key:
        request.session.save()  # the session counts from the first message: a cookie-keeping robot meets the limit
    for key in _keys(request):
        cache.add(key, 0, CONTACT_WINDOW)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, CONTACT_WINDOW)


@require_POST
def practice_contact(request: HttpRequest, slug: str) -> HttpResponse:
    practice = get_practice_for_user(request, slug)
    if not practice.is_public:
        raise Http404
    form = ContactForm(request.POST)
    if is_throttled(request):
        form.is_valid()
        form.add_error(
            None,
            _(
                "Vous avez déjà envoyé plusieurs messages depuis une heure : pour éviter les abus, attendez un peu "
                "avant d’en écrire un autre."
            ),
        )
        return render_practice(request, practice, contact_form=form, status=429)
    if not form.is_valid():
        return render_practice(request, practice, contact_form=form, status=400)
    count_message(request)
    if not form.is_robot:
        data = form.cleaned_data
        tasks.relay_contact_message.enqueue(practice.pk, data["name"], data["email"], data["message"])
    messages.success(request, _("Votre message a été transmis. La réponse vous parviendra à votre adresse."))
    return redirect(practice.get_absolute_url() + "#contact")
