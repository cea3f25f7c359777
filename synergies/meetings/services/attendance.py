"""Who sat: the attendance of every seat of the body in force on the meeting's day, recorded all at once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from synergies.lib import audit
from synergies.meetings.models import Attendance, Meeting, MeetingSettings, Minutes
from synergies.poles.models import Seat


def seats_of(meeting: Meeting) -> list[Seat]:
    """The seats of the meeting's body in force on its day, in the order the attendance form shows them."""
    return list(
        Seat.objects.filter(body_id=meeting.body_id)
        .in_force(meeting.day)
        .select_related("organisation", "representative", "substitute")
        .order_by("role", "organisation__name", "pk")
    )


@transaction.atomic
def record_attendance(meeting: Meeting, rows: Iterable[Mapping[str, Any]], *, by: Any) -> list[Attendance]:
    """`rows`: one mapping per seat with `seat`, `status`, and optionally `proxy_holder` (a Seat) and `note`.

    Every seat in force must have its row. « Représenté·e par le ou la suppléant·e » needs a substitute; a proxy is
    allowed only when the pôle's modalities admit proxies, and goes to another seat of the body that takes part. The
    attendee is the person who sat: the representative when present, the substitute when substituting."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("Cette réunion est annulée : aucune présence ne s’y enregistre."))
    if meeting.day > timezone.localdate():
        raise ValidationError(
            _("La réunion n’a pas encore eu lieu : les présences s’enregistrent le jour même ou après.")
        )
    if Minutes.objects.filter(meeting=meeting, status=Minutes.Status.APPROVED).exists():
        raise ValidationError(_("Le procès-verbal est approuvé : les présences qu’il reprend sont figées."))
    seats = {seat.pk: seat for seat in seats_of(meeting)}
    rows = list(rows)
    by_seat: dict[int, Mapping[str, Any]] = {}
    errors: list[str] = []
    for row in rows:
        seat = row["seat"]
        if seat.pk not in seats:
            errors.append(_("%(seat)s ne siège pas dans cet organe ce jour-là.") % {"seat": seat.holder_name()})
            continue
        by_seat[seat.pk] = row
    missing = [s for pk, s in seats.items() if pk not in by_seat]
    if missing:
        errors.append(
            _("Indiquez la présence de chaque siège : %(seats)s.")
            % {"seats": ", ".join(s.holder_name() for s in missing)}
        )
    proxies_allowed = MeetingSettings.for_pole(meeting.body.pole).proxies_allowed
    taking_part = {
        pk for pk, row in by_seat.items() if row["status"] in (Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTED)
    }
    attendances = []
    for pk, row in by_seat.items():
        seat, status = seats[pk], row["status"]
        holder = row.get("proxy_holder")
        name = (
            seat.holder_name()
            if seat.organisation_id
            else (seat.representative.full_name if seat.representative else "")
        )
        if status not in Attendance.Status.values:
            errors.append(_("%(seat)s : présence inconnue.") % {"seat": name})
            continue
        if status == Attendance.Status.SUBSTITUTED and seat.substitute_id is None:
            errors.append(_("%(seat)s n’a pas de suppléant·e : il ou elle ne peut être représenté·e.") % {"seat": name})
        if status == Attendance.Status.PRESENT and seat.representative_id is None:
            errors.append(
                _("%(seat)s n’a pas de représentant·e : choisissez « représenté·e par le ou la suppléant·e ».")
                % {"seat": name}
            )
        if status == Attendance.Status.PROXY:
            if not proxies_allowed:
                errors.append(_("Les modalités du pôle n’admettent pas les procurations (%(seat)s).") % {"seat": name})
            elif holder is None or holder.pk == pk or holder.pk not in taking_part:
                errors.append(
                    _("%(seat)s : la procuration va à un autre siège de l’organe présent à la réunion.")
                    % {"seat": name}
                )
        elif holder is not None:
            errors.append(
                _("%(seat)s : une procuration n’accompagne que la présence « a donné procuration ».") % {"seat": name}
            )
        attendee = (
            seat.representative
            if status == Attendance.Status.PRESENT
            else seat.substitute
            if status == Attendance.Status.SUBSTITUTED
            else None
        )
        attendances.append(
            Attendance(
                meeting=meeting,
                seat=seat,
                status=status,
                attendee=attendee,
                proxy_holder=holder if status == Attendance.Status.PROXY else None,
                note=(row.get("note") or "")[:200],
                recorded_by=by if getattr(by, "is_authenticated", False) else None,
            )
        )
    if errors:
        raise ValidationError(errors)
    before = {str(a.seat_id): a.status for a in meeting.attendances.all()}
    meeting.attendances.all().delete()
    saved = Attendance.objects.bulk_create(attendances)
    audit.record(
        actor=by,
        verb="meeting.attendance",
        target=meeting,
        changes=audit.diff(before, {str(a.seat_id): a.status for a in saved}),
    )
    return saved
