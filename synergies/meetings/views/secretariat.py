"""The secretariat's screens: plan and edit, agenda, convene, cancel, attendance, held, minutes, cadence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergies.meetings import services
from synergies.meetings.cadence import cadence_of, propose_dates
from synergies.meetings.forms import (
    AgendaItemForm,
    ApproveForm,
    AttendanceForm,
    CancelForm,
    ConveneForm,
    MeetingForm,
    MeetingSettingsForm,
    MinutesForm,
    ProposalsForm,
    ReplyForm,
    YearForm,
)
from synergies.meetings.models import AgendaItem, Meeting, MeetingSettings, Minutes, MinutesRemark
from synergies.meetings.notifications import member_contacts
from synergies.meetings.quorum import facts_of, quorum
from synergies.meetings.views.common import (
    add_errors,
    get_meeting_for_user,
    get_pole_for_user,
    meeting_context,
    pole_context,
)
from synergies.poles.models import Body
from synergies.poles.views.settings import settings_page

MANAGE = "meetings.change_meeting"


def _to_meeting(meeting: Meeting, anchor: str = "") -> HttpResponse:
    pole = meeting.body.pole
    response = redirect("meetings:detail", basin=pole.basin.code, code=pole.code, pk=meeting.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _error(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
def meeting_create(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "meetings.manage_meetings")
    form = MeetingForm(request.POST or None, pole=pole)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.plan_meeting(form.cleaned_data["body"], form.service_data(), by=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, _("La réunion est prévue. Composez son ordre du jour, puis convoquez les membres.")
            )
            return redirect("meetings:agenda_edit", basin=pole.basin.code, code=pole.code, pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {**pole_context(request, pole), "form": form, "title": _("Prévoir une réunion")},
        status=400 if form.errors else 200,
    )


@login_required
def meeting_edit(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, basin, code, pk, MANAGE)
    form = MeetingForm(request.POST or None, pole=meeting.body.pole, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(meeting, form.service_data(), by=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            note = (
                _(" Les membres convoqués reçoivent l’invitation mise à jour.")
                if meeting.status == Meeting.Status.CONVENED
                else ""
            )
            messages.success(request, _("Modifications enregistrées.") + note)
            return _to_meeting(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {**meeting_context(request, meeting), "form": form, "title": _("Modifier la réunion")},
        status=400 if form.errors else 200,
    )


@login_required
def agenda_edit(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    """The agenda editor: the ordered items with their actions, and the form to add one."""
    meeting = get_meeting_for_user(request, basin, code, pk, MANAGE)
    form = AgendaItemForm(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the item and its upload, or neither
                item = services.add_agenda_item(meeting, form.cleaned_data, by=request.user)
                _attach(item, form, request)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Point ajouté à l’ordre du jour."))
            return redirect("meetings:agenda_edit", basin=basin, code=meeting.body.pole.code, pk=meeting.pk)
    items = list(meeting.agenda_items.prefetch_related("documents").order_by("position"))
    return render(
        request,
        "meetings/agenda_edit.html",
        {**meeting_context(request, meeting), "items": items, "form": form},
        status=400 if form.errors else 200,
    )


def _attach(item: AgendaItem, form: AgendaItemForm, request: HttpRequest) -> None:
    upload = form.cleaned_data.get("new_document_file")
    if upload:
        services.attach_upload(
            item,
            title=form.cleaned_data["new_document_title"],
            upload=upload,
            content_type=form.cleaned_data["new_document_type"],
            by=request.user,
        )


@login_required
def agenda_item_edit(request: HttpRequest, basin: str, code: str, pk: int, item: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, basin, code, pk, MANAGE)
    agenda_item = get_object_or_404(AgendaItem, pk=item, meeting=meeting)
    form = AgendaItemForm(request.POST or None, request.FILES or None, instance=agenda_item, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.update_agenda_item(agenda_item, form.cleaned_data, by=request.user)
                _attach(agenda_item, form, request)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Point modifié."))
            return redirect("meetings:agenda_edit", basin=basin, code=meeting.body.pole.code, pk=meeting.pk)
    return render(
        request,
        "meetings/agenda_item_form.html",
        {**meeting_context(request, meeting), "form": form, "item": agenda_item},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def agenda_item_move(request: HttpRequest, basin: str, code: str, pk: int, item: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, basin, code, pk, MANAGE)
    agenda_item = get_object_or_404(AgendaItem, pk=item, meeting=meeting)
    try:
        services.move_agenda_item(agenda_item, direction=request.POST.get("direction", ""), by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    return redirect("meetings:agenda_edit", basin=basin, code=meeting.body.pole.code, pk=meeting.pk)


@login_required
@require_POST
def agenda_item_remove(request: HttpRequest, basin: str, code: str, pk: int, item: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, basin, code, pk, MANAGE)
    agenda_item = get_object_or_404(AgendaItem, pk=item, meeting=meeting)
    try:
        services.remove_agenda_item(agenda_item, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Point retiré de l’ordre du jour."))
    return redirect("meetings:agenda_edit", basin=basin, code=meeting.body.pole.code, pk=meeting.pk)


@login_required
@require_POST
def send_update(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, basin, code, pk, MANAGE)
    try:
        notice = services.send_meeting_update(meeting, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("L’ordre du jour modifié part à %(n)s membre(s).") % {"n": notice.recipients})
    return _to_meeting(meeting)


@login_required
def convene(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    """Confirm, then convene; a convocation later than the modalities ask is shown and must be confirmed."""
    meeting = get_meeting_for_user(request, basin, code, pk, MANAGE)
    form = ConveneForm(request.POST if request.method == "POST" else None)
    late = None
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.convene_meeting(meeting, by=request.user, confirm_late=form.cleaned_data["confirm_late"])
        except services.LateConvocation as exc:
            late = " ".join(exc.messages)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Convocation envoyée à %(n)s membre(s).") % {"n": notice.recipients})
            return _to_meeting(meeting)
    ms = MeetingSettings.for_pole(meeting.body.pole)
    left = (meeting.day - timezone.localdate()).days
    return render(
        request,
        "meetings/convene.html",
        {
            **meeting_context(request, meeting),
            "form": form,
            "late": late or (left < ms.convocation_days and left >= 0),
            "late_message": late,
            "convocation_days": ms.convocation_days,
            "recipients": member_contacts(meeting),
            "items": list(meeting.agenda_items.order_by("position")),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def cancel(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, basin, code, pk, MANAGE)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(meeting, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("La réunion est annulée."))
            return _to_meeting(meeting)
    return render(
        request,
        "meetings/cancel.html",
        {**meeting_context(request, meeting), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def mark_held(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, basin, code, pk, MANAGE)
    try:
        services.mark_held(meeting, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("La réunion est déclarée tenue. Rédigez son procès-verbal."))
    return _to_meeting(meeting)


@login_required
def attendance(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, basin, code, pk, MANAGE)
    seats = services.seats_of(meeting)
    current = {a.seat_id: a for a in meeting.attendances.all()}
    proxies = MeetingSettings.for_pole(meeting.body.pole).proxies_allowed
    form = AttendanceForm(request.POST or None, seats=seats, proxies_allowed=proxies, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attendance(meeting, form.rows(), by=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Présences enregistrées."))
            return _to_meeting(meeting, "presences")
    recorded = list(meeting.attendances.select_related("seat__organisation"))
    return render(
        request,
        "meetings/attendance.html",
        {
            **meeting_context(request, meeting),
            "form": form,
            "rows": form.table(),
            "proxies_allowed": proxies,
            "quorum": quorum(facts_of(recorded, proxies_allowed=proxies)) if recorded else None,
        },
        status=400 if form.errors else 200,
    )


@login_required
def minutes_edit(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, basin, code, pk, MANAGE)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and minutes.is_approved:
        messages.error(request, _("Ce procès-verbal est approuvé : il est figé et ne peut plus être modifié."))
        return _to_meeting(meeting, "proces-verbal")
    form = MinutesForm(request.POST or None, initial={"text": minutes.text if minutes else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_minutes_draft(
                meeting, text=form.cleaned_data["text"], note=form.cleaned_data["note"], by=request.user
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Procès-verbal enregistré."))
            return redirect("meetings:minutes_edit", basin=basin, code=meeting.body.pole.code, pk=meeting.pk)
    revisions = list(minutes.revisions.select_related("author")[:10]) if minutes else []
    return render(
        request,
        "meetings/minutes_edit.html",
        {**meeting_context(request, meeting), "form": form, "minutes": minutes, "revisions": revisions},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def minutes_circulate(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, basin, code, pk, MANAGE)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        messages.error(request, _("Rédigez d’abord le procès-verbal."))
        return _to_meeting(meeting)
    try:
        services.circulate_minutes(minutes, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Le projet de procès-verbal est soumis aux remarques des personnes présentes."))
    return _to_meeting(meeting, "proces-verbal")


@login_required
def minutes_approve(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, basin, code, pk, MANAGE)
    minutes = get_object_or_404(Minutes, meeting=meeting)
    candidates = services.approval_meetings(minutes)
    form = ApproveForm(request.POST or None, meetings=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.approve_minutes(minutes, at_meeting=form.cleaned_data["at_meeting"], by=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Procès-verbal approuvé et figé (PDF et empreinte SHA-256 conservés)."))
            return _to_meeting(meeting, "proces-verbal")
    return render(
        request,
        "meetings/minutes_approve.html",
        {**meeting_context(request, meeting), "form": form, "minutes": minutes, "candidates": candidates},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def remark_reply(request: HttpRequest, basin: str, code: str, pk: int, remark: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, basin, code, pk, MANAGE)
    target = get_object_or_404(MinutesRemark, pk=remark, minutes__meeting=meeting)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_to_remark(
                target, reply=form.cleaned_data["reply"], status=form.cleaned_data["status"], by=request.user
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Réponse enregistrée."))
    else:
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
    return _to_meeting(meeting, "remarques")


@login_required
def cadence(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    """The committee's count for a year against R5, and one proposed date per free quarter, to plan in one go."""
    pole = get_pole_for_user(request, basin, code, "meetings.manage_meetings")
    year_form = YearForm(request.GET or None)
    today = timezone.localdate()
    year = (year_form.cleaned_data.get("annee") if year_form.is_valid() else None) or today.year
    committee = pole.bodies.filter(kind=Body.Kind.STEERING_COMMITTEE).first()
    proposals, refused = [], ""
    if committee is not None:
        try:
            proposals = propose_dates(committee, year, today)
        except ValidationError as exc:
            refused = " ".join(exc.messages)
    days = [p.day for p in proposals if p.day is not None]
    form = ProposalsForm(request.POST or None, days=days)
    if request.method == "POST" and committee is not None and form.is_valid():
        try:
            created = services.create_proposed_meetings(committee, form.chosen(), by=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(n)s réunion(s) prévue(s) : précisez le lieu et l’ordre du jour de chacune.") % {"n": len(created)},
            )
            return redirect("meetings:list", basin=pole.basin.code, code=pole.code)
    return render(
        request,
        "meetings/cadence.html",
        {
            **pole_context(request, pole),
            "year": year,
            "years": [year - 1, year, year + 1],
            "cadence": cadence_of(pole, year),
            "proposals": proposals,
            "refused": refused,
            "form": form,
            "committee": committee,
        },
        status=400 if form.errors else 200,
    )


@login_required
def meeting_settings(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    return settings_page(
        request,
        basin,
        code,
        form_class=MeetingSettingsForm,
        title=_("Modalités des réunions"),
        verb="meeting.settings.update",
        next_url=reverse("meetings:list", kwargs={"basin": basin, "code": code.upper()}),
    )
