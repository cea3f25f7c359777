"""Pages everyone may reach (within what rules.py lets them see): the agenda, the feeds, a pôle's meetings, a meeting."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from synergies.lib import ical
from synergies.lib.pdf import sha256
from synergies.lib.uploads import serve_stored
from synergies.meetings import calendars
from synergies.meetings.forms import RemarkForm, ReplyForm
from synergies.meetings.models import AgendaItem, CalendarToken, Meeting, Minutes
from synergies.meetings.panels import render_panels
from synergies.meetings.services import renew_calendar_token
from synergies.meetings.views.common import (
    cadence_banner,
    get_meeting_for_user,
    get_pole_for_user,
    meeting_context,
    pole_context,
    require_perm,
)
from synergies.poles.models import BodyDocument

PER_PAGE = 25
FEED_HISTORY = datetime.timedelta(days=400)
FEED_SECONDS = 900


def _feed_response(
    request: HttpRequest, meetings: Any, *, scope: str, name: str, public: bool, filename: str
) -> HttpResponse:
    """The feed of `meetings`, rendered once per state of them.

    Calendar clients poll feeds; rendering hundreds of events each time is the expensive part, so the bytes are kept
    in the shared cache under a fingerprint read in one query: how many meetings, their latest change (agenda edits
    touch it too), the sum of their iCal sequences and the language. The same fingerprint also serves as ETag, so a client that has the feed gets a
    304 without anything being rendered. A renamed body or pôle shows in the feed within the 15 minutes the bytes
    are kept."""
    state = meetings.order_by().aggregate(count=Count("pk"), last=Max("updated_at"), sequences=Sum("sequence"))
    fingerprint = sha256(f"{scope}|{get_language()}|{state}".encode())[:32]
    etag = f'"{fingerprint}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        key = f"meetings:feed:{fingerprint}"
        data = cache.get(key)
        if data is None:
            data = calendars.feed(meetings, name=name, public=public)
            cache.set(key, data, FEED_SECONDS)
        response = HttpResponse(data, content_type=ical.content_type())
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    response["Cache-Control"] = f"{'public' if public else 'private'}, max-age={FEED_SECONDS}"
    return response


def agenda(request: HttpRequest) -> HttpResponse:
    """The upcoming public meetings of every public pôle."""
    meetings = Meeting.objects.public().upcoming().for_calendar()
    page = Paginator(meetings, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "meetings/agenda.html", {"page": page, "meetings": page.object_list})


def feed(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.public().filter(starts_at__gte=timezone.now() - FEED_HISTORY).for_calendar()
    name = _("Synergies — réunions publiques des pôles")
    return _feed_response(request, meetings, scope="public", name=name, public=True, filename="agenda.ics")


def pole_feed(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "poles.view_pole")
    if not pole.mandates.all():
        raise Http404
    meetings = (
        Meeting.objects.of_pole(pole).public().filter(starts_at__gte=timezone.now() - FEED_HISTORY).for_calendar()
    )
    name = _("Réunions — %(name)s") % {"name": pole.name}
    return _feed_response(
        request, meetings, scope=f"pole:{pole.pk}", name=name, public=True, filename=f"reunions-{pole.code}.ics"
    )


def private_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Every meeting of every body in which the token's owner sits, public or not; the token is the secret."""
    owner = get_object_or_404(CalendarToken.objects.select_related("user__person"), token=token)
    person = getattr(owner.user, "person", None)
    if not owner.user.is_active:
        raise Http404
    meetings = (
        Meeting.objects.attended_by(person).filter(starts_at__gte=timezone.now() - FEED_HISTORY).for_calendar()
        if person is not None
        else Meeting.objects.none()
    )
    name = _("Synergies — mes réunions")
    response = _feed_response(
        request, meetings, scope=f"token:{owner.token}", name=name, public=False, filename="mes-reunions.ics"
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def calendar_token(request: HttpRequest) -> HttpResponse:
    """Get, or renew, the secret address of one's private calendar; renewing disables the old address."""
    require_perm(request, "meetings.use_private_calendar")
    current: CalendarToken | None = getattr(request.user, "calendar_token", None)
    if request.method == "POST":
        renew_calendar_token(request.user, by=request.user)
        messages.success(request, _("Votre nouvelle adresse d’agenda est prête ; l’ancienne ne fonctionne plus."))
        return redirect("meetings:calendar_token")
    address = (
        settings.SITE_URL + reverse("meetings:private_feed", kwargs={"token": current.token})
        if current is not None
        else None
    )
    return render(request, "meetings/calendar_token.html", {"token": current, "address": address})


def meeting_list(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "meetings.view_meetings")
    insider = request.user.has_perm("meetings.view_all_meetings", pole)
    meetings = (
        Meeting.objects.visible_to(request.user, pole)
        .select_related("body__pole__basin", "commune")
        .order_by("-starts_at", "-pk")
    )
    page = Paginator(meetings, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        **pole_context(request, pole),
        "page": page,
        "meetings": page.object_list,
        "insider": insider,
        "can_plan": request.user.has_perm("meetings.manage_meetings", pole),
        "cadence": cadence_banner(pole) if insider else None,
        "has_feed": bool(pole.mandates.all()),
    }
    return render(request, "meetings/meeting_list.html", context)


def meeting_detail(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, basin, code, pk, "meetings.view_meeting")
    user = request.user
    insider = user.has_perm("meetings.view_documents", meeting)
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .prefetch_related(Prefetch("documents", queryset=BodyDocument.objects.prefetch_related("versions")))
        .order_by("position")
    )
    minutes = Minutes.objects.filter(meeting=meeting).select_related("approved_at_meeting__body").first()
    show_minutes = minutes is not None and (insider or minutes.is_approved)
    attendances = list(
        meeting.attendances.select_related(
            "seat__organisation", "seat__representative", "attendee", "proxy_holder__organisation"
        ).order_by("seat__role", "seat__organisation__name", "seat_id")
    )
    show_attendance = insider or (minutes is not None and minutes.is_approved)
    remarks = list(minutes.remarks.select_related("author")) if minutes is not None and insider else []
    can_remark = user.has_perm("meetings.remark_minutes", meeting)
    context = {
        **meeting_context(request, meeting),
        "items": items,
        "insider": insider,
        "minutes": minutes if show_minutes else None,
        "attendances": attendances if show_attendance else [],
        "remarks": remarks,
        "remark_form": RemarkForm() if can_remark else None,
        "reply_form": ReplyForm(),
        "can_pdf": minutes is not None and user.has_perm("meetings.view_minutes_pdf", meeting),
        "now": timezone.now(),
    }
    context["panels"] = render_panels(request, meeting, context)
    return render(request, "meetings/meeting_detail.html", context)


def meeting_ics(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, basin, code, pk, "meetings.view_meeting")
    insider = request.user.has_perm("meetings.view_documents", meeting)
    data = ical.calendar([calendars.event_of(meeting, online_link=insider)], name=calendars.summary_of(meeting))
    response = HttpResponse(data, content_type=ical.content_type())
    response["Content-Disposition"] = f'attachment; filename="reunion-{meeting.pk}.ics"'
    return response


def minutes_pdf(request: HttpRequest, basin: str, code: str, pk: int) -> Any:
    meeting = get_meeting_for_user(request, basin, code, pk, "meetings.view_meeting")
    require_perm(request, "meetings.view_minutes_pdf", meeting)
    local = timezone.localtime(meeting.starts_at)
    return serve_stored(
        meeting.minutes.pdf,
        filename=f"proces-verbal-{meeting.body.pole.code}-{local:%Y-%m-%d}.pdf",
        content_type="application/pdf",
    )
