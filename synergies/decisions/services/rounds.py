"""Rounds of decision: opening one (in a meeting, online, by written procedure), positions, closing (R6).

Who may speak for a seat, who takes part and what counts is read as `synergies/decisions/consensus.py` says; this
module gathers the facts from the database, enforces them when a position is recorded, and stores the outcome.
Every function is one transaction with an audit entry; a refusal is a French `ValidationError` and saves nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from synergies.decisions import consensus, tasks
from synergies.decisions.models import ConsensusSettings, Method, Position, Proposal, Round, Stance
from synergies.decisions.services.register import inscribe
from synergies.directory.models import Person
from synergies.lib import audit
from synergies.lib.models import AuditEntry
from synergies.lib.tasks import enqueue_on_commit
from synergies.meetings.models import Attendance, Meeting, MeetingSettings
from synergies.poles.models import Seat
from synergies.poles.services import check_writable

OPENABLE = (Proposal.Status.DRAFT, Proposal.Status.NOT_ADOPTED, Proposal.Status.POSTPONED)


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def round_day(round: Round) -> datetime.date:
    """The day a round's eligible seats are taken on: the meeting's date, or the opening date."""
    if round.method == Method.MEETING and round.meeting_id:
        return timezone.localdate(round.meeting.starts_at)  # type: ignore[union-attr]
    return timezone.localdate(round.opened_at) if round.opened_at else timezone.localdate()


def eligible_seats(round: Round) -> list[Seat]:
    """Seats of the proposal's body in force on the round's day and held (a vacant seat has no voice, and must not
    be deemed to agree), every role except observer."""
    return list(
        Seat.objects.filter(body_id=round.proposal.body_id)
        .in_force(round_day(round))
        .exclude(role__in=consensus.NOT_ELIGIBLE_ROLES)
        .exclude(representative__isnull=True, substitute__isnull=True)
        .select_related("organisation", "representative", "substitute")
        .order_by("organisation__name", "pk")
    )


def attendances(round: Round) -> dict[int, Attendance]:
    if round.meeting_id is None:
        return {}
    return {a.seat_id: a for a in Attendance.objects.filter(meeting_id=round.meeting_id)}


def proxies_allowed(round: Round) -> bool:
    return bool(MeetingSettings.for_pole(round.proposal.pole).proxies_allowed)


def taking_part_ids(round: Round, seats: Iterable[Seat] | None = None) -> set[int]:
    """In a meeting round: seats at the table (present, substituted) or, when proxies are allowed, that gave one."""
    if round.method != Method.MEETING:
        return set()
    allowed = proxies_allowed(round)
    ids = set()
    for seat_id, attendance in attendances(round).items():
        if attendance.takes_part or (allowed and attendance.status == Attendance.Status.PROXY):
            ids.add(seat_id)
    if seats is not None:
        ids &= {s.pk for s in seats}
    return ids


def seat_facts(seats: Iterable[Seat], *, taking_part: Iterable[int] = ()) -> tuple[consensus.SeatFact, ...]:
    """The engine's facts about seats: labelled by organisation or role, never by a person's name."""
    present = set(taking_part)
    facts = []
    for seat in seats:
        organisation = seat.organisation
        # As in the composition engine: a resource person represents no component, whatever the role recorded.
        component = (
            organisation.component if organisation is not None and seat.origin != Seat.Origin.RESOURCE_PERSON else None
        )
        facts.append(
            consensus.SeatFact(
                seat_id=seat.pk,
                label=organisation.name if organisation is not None else str(seat.get_role_display()),
                role=seat.role,
                component=component.value if component is not None else None,
                taking_part=seat.pk in present,
            )
        )
    return tuple(facts)


def round_facts(round: Round) -> consensus.RoundFacts:
    seats = eligible_seats(round)
    return consensus.RoundFacts(
        method=round.method,
        seats=seat_facts(seats, taking_part=taking_part_ids(round, seats)),
        positions=tuple(
            consensus.PositionFact(p.seat_id, p.stance, p.text) for p in round.positions.current().order_by("pk")
        ),
        silence_counts=round.silence_counts,
        require_all_components=round.require_all_components,
        consensus_noted=round.consensus_noted,
    )


def current_round(proposal: Proposal) -> Round | None:
    return proposal.rounds.order_by("-number").first()


# --- opening --------------------------------------------------------------------------------------------------------


@transaction.atomic
def open_round(
    proposal: Proposal,
    *,
    method: str,
    by: Any,
    meeting: Meeting | None = None,
    deadline: datetime.datetime | None = None,
    text: str | None = None,
    rationale: str | None = None,
    now: datetime.datetime | None = None,
) -> Round:
    """Put the proposal to the members: first round, or a new round that reformulates (history kept).

    `text`/`rationale` default to the proposal's; a reformulation updates the proposal's text too. A written
    procedure's deadline defaults to now + the pôle's `written_procedure_days`."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",)).select_related("pole__basin", "body").get(pk=proposal.pk)
    )
    check_writable(proposal.pole)
    now = now or timezone.now()
    if proposal.status not in OPENABLE:
        raise ValidationError(
            _("La proposition est « %(status)s » : un nouveau tour ne peut pas être ouvert.")
            % {"status": proposal.get_status_display()}
        )
    if method not in Method.values:
        raise ValidationError({"method": _("Choisissez un mode de décision.")})
    text = proposal.text if text is None else text
    rationale = proposal.rationale if rationale is None else rationale
    if not text.strip():
        raise ValidationError({"text": _("Le texte soumis est vide.")})
    previous = current_round(proposal)
    if (
        previous is not None
        and previous.text.strip() == text.strip()
        and proposal.status == Proposal.Status.NOT_ADOPTED
    ):
        raise ValidationError({"text": _("Reformulez la proposition : le texte est celui du tour non adopté.")})
    settings = ConsensusSettings.for_pole(proposal.pole)
    if method == Method.MEETING:
        if meeting is None:
            raise ValidationError({"meeting": _("Choisissez la réunion où la proposition est décidée.")})
        if meeting.body_id != proposal.body_id:
            raise ValidationError({"meeting": _("Cette réunion n’est pas une réunion de l’organe de la proposition.")})
        if meeting.is_cancelled:
            raise ValidationError({"meeting": _("Cette réunion est annulée.")})
        deadline = None
    else:
        meeting = None
        if method == Method.WRITTEN and deadline is None:
            deadline = now + datetime.timedelta(days=settings.written_procedure_days)
        if deadline is not None and deadline <= now:
            raise ValidationError({"deadline": _("L’échéance doit être dans le futur.")})
    round = Round(
        proposal=proposal,
        number=(proposal.rounds.aggregate(n=Max("number"))["n"] or 0) + 1,
        text=text,
        rationale=rationale,
        method=method,
        meeting=meeting,
        deadline=deadline,
        silence_counts=method == Method.WRITTEN and settings.silence_counts_as_agreement,
        require_all_components=settings.require_all_components,
        opened_by=_user(by),
    )
    round.save()
    if now != round.opened_at:
        Round.objects.filter(pk=round.pk).update(opened_at=now)
        round.opened_at = now
    before = proposal.status
    proposal.status = Proposal.Status.OPEN
    proposal.text, proposal.rationale = text, rationale
    proposal.save(update_fields=["status", "text", "rationale", "updated_at"])
    audit.record(
        actor=by,
        verb="decision.round.open",
        action=AuditEntry.Action.CREATE,
        target=proposal,
        changes={
            "status": [before, proposal.status],
            "tour": [round.number - 1 or None, round.number],
            "mode": [None, round.method],
            "échéance": [None, round.deadline],
        },
    )
    if method in (Method.ONLINE, Method.WRITTEN):
        enqueue_on_commit(tasks.announce_round, round.pk)
    return round


# --- positions ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Voice:
    """A seat a person may speak for in a round, and why not when they may not."""

    seat: Seat
    as_representative: bool
    refusal: str = ""


def _check_open(round: Round, now: datetime.datetime) -> None:
    if round.closed_at is not None:
        raise ValidationError(_("Ce tour est clôturé : plus aucune position ne peut être prise."))
    if round.proposal.status != Proposal.Status.OPEN:
        raise ValidationError(_("La proposition n’est plus en cours de décision."))
    if round.deadline is not None and now >= round.deadline:
        raise ValidationError(
            _("L’échéance du %(date)s est passée : plus aucune position ne peut être prise.")
            % {"date": timezone.localtime(round.deadline).strftime("%d/%m/%Y à %H:%M")}
        )


def voices_of(person: Person | None, round: Round) -> list[Voice]:
    """The eligible seats `person` holds in the round's body, each with the refusal that applies (if any)."""
    if person is None:
        return []
    seats = [s for s in eligible_seats(round) if person.pk in (s.representative_id, s.substitute_id)]
    current = {p.seat_id: p for p in round.positions.current().filter(seat__in=seats)}
    voices = []
    for seat in seats:
        as_representative = seat.representative_id == person.pk
        refusal = ""
        existing = current.get(seat.pk)
        if (
            not as_representative
            and existing is not None
            and seat.representative_id is not None
            and existing.person_id == seat.representative_id
        ):
            refusal = _(
                "Le ou la représentant·e de ce siège a déjà pris position : un·e suppléant·e ne remplace pas sa position."
            )
        voices.append(Voice(seat, as_representative, refusal))
    return voices


def _supersede(round: Round, seat: Seat, now: datetime.datetime) -> Position | None:
    existing = round.positions.current().filter(seat=seat).select_for_update(of=("self",)).first()
    if existing is not None:
        existing.superseded_at = now
        existing.save(update_fields=["superseded_at"])
    return existing


def _validate_stance(stance: str, text: str) -> None:
    if stance not in Stance.values:
        raise ValidationError({"stance": _("Choisissez une position.")})
    if stance == Stance.OBJECT and not text.strip():
        raise ValidationError({"text": _("Une objection doit être motivée : indiquez sa raison.")})


def _save_position(
    round: Round, seat: Seat, *, stance: str, text: str, person: Person | None, by: Any, now: Any
) -> Position:
    previous = _supersede(round, seat, now)
    try:
        with transaction.atomic():
            position = Position.objects.create(
                round=round,
                seat=seat,
                person=person,
                stance=stance,
                text=text.strip() if stance in (Stance.RESERVATION, Stance.OBJECT) else "",
                recorded_by=_user(by),
            )
    except IntegrityError as exc:  # another position of the same seat arrived at the same moment
        raise ValidationError(
            _("Une autre position vient d’être enregistrée pour ce siège : rechargez la page.")
        ) from exc
    audit.record(
        actor=by,
        verb="decision.position",
        action=AuditEntry.Action.CREATE if previous is None else AuditEntry.Action.UPDATE,
        target=round.proposal,
        changes={
            f"tour {round.number} — {seat.holder_name()}": [
                previous.stance if previous else None,
                stance,
            ]
        },
    )
    if stance == Stance.OBJECT:
        enqueue_on_commit(tasks.alert_objection, position.pk)
    return position


@transaction.atomic
def take_position(
    round: Round,
    *,
    person: Person | None,
    stance: str,
    text: str = "",
    seat: Seat | None = None,
    by: Any,
    now: datetime.datetime | None = None,
) -> Position:
    """A member's own position, online or in a written procedure. A second position replaces the first (kept)."""
    now = now or timezone.now()
    round = Round.objects.select_for_update(of=("self",)).select_related("proposal__pole__basin").get(pk=round.pk)
    _check_open(round, now)
    if round.method == Method.MEETING:
        raise ValidationError(_("Ce tour se décide en réunion : le secrétariat y enregistre les positions."))
    _validate_stance(stance, text)
    voices = voices_of(person, round)
    if seat is not None:
        voices = [v for v in voices if v.seat.pk == seat.pk]
    if not voices:
        raise ValidationError(
            _(
                "Vous n’occupez aucun siège de « %(body)s » appelé à se prononcer : seul·es les titulaires d’un siège "
                "prennent position."
            )
            % {"body": round.proposal.body.name}
        )
    if len(voices) > 1:
        raise ValidationError(
            {"seat": _("Vous siégez à plusieurs titres : choisissez pour quel siège vous prenez position.")}
        )
    voice = voices[0]
    if voice.refusal:
        raise ValidationError(voice.refusal)
    return _save_position(round, voice.seat, stance=stance, text=text, person=person, by=by, now=now)


@dataclass(frozen=True)
class Entry:
    """A position the secretariat records in a meeting (stance blank: nothing recorded for that seat)."""

    seat: Seat
    stance: str
    text: str = ""


def _meeting_person(attendance: Attendance, seat: Seat) -> Person | None:
    if attendance.attendee_id:
        return attendance.attendee
    if attendance.status == Attendance.Status.SUBSTITUTED:
        return seat.substitute
    if attendance.status == Attendance.Status.PRESENT:
        return seat.representative
    return None


def _meeting_round(round: Round, now: datetime.datetime) -> Round:
    round = (
        Round.objects.select_for_update(of=("self",))
        .select_related("proposal__pole__basin", "meeting")
        .get(pk=round.pk)
    )
    _check_open(round, now)
    if round.method != Method.MEETING:
        raise ValidationError(_("Ce tour ne se décide pas en réunion : les membres y prennent position eux-mêmes."))
    return round


def _record_entries(round: Round, entries: Sequence[Entry], *, by: Any, now: datetime.datetime) -> list[Position]:
    seats = {s.pk: s for s in eligible_seats(round)}
    at_table = taking_part_ids(round, seats.values())
    present = attendances(round)
    errors = []
    for entry in entries:
        if not entry.stance:
            continue
        if entry.seat.pk not in seats:
            errors.append(
                _("%(seat)s n’a pas de siège appelé à se prononcer dans cet organe.")
                % {"seat": entry.seat.holder_name()}
            )
        elif entry.seat.pk not in at_table:
            errors.append(
                _("%(seat)s ne prend pas part à la réunion (présence non enregistrée, absent·e ou excusé·e).")
                % {"seat": entry.seat.holder_name()}
            )
        elif entry.stance not in Stance.values:
            errors.append(_("Position inconnue pour %(seat)s.") % {"seat": entry.seat.holder_name()})
        elif entry.stance == Stance.OBJECT and not entry.text.strip():
            errors.append(
                _("L’objection de %(seat)s doit être motivée : indiquez sa raison.")
                % {"seat": entry.seat.holder_name()}
            )
    if errors:
        raise ValidationError(errors)
    recorded = []
    for entry in entries:
        if not entry.stance:
            continue
        seat = seats[entry.seat.pk]
        recorded.append(
            _save_position(
                round,
                seat,
                stance=entry.stance,
                text=entry.text,
                person=_meeting_person(present[seat.pk], seat),
                by=by,
                now=now,
            )
        )
    return recorded


@transaction.atomic
def record_meeting_positions(
    round: Round, entries: Sequence[Entry], *, by: Any, now: datetime.datetime | None = None
) -> list[Position]:
    """The secretariat records, in a meeting, each taking-part seat's position (a proxy's as its holder expressed
    it). All or nothing: one refused row refuses them all."""
    now = now or timezone.now()
    round = _meeting_round(round, now)
    return _record_entries(round, entries, by=by, now=now)


@transaction.atomic
def note_consensus(
    round: Round,
    *,
    objections: Sequence[Entry] = (),
    by: Any,
    now: datetime.datetime | None = None,
) -> Round:
    """« Consensus constaté » in a meeting: every taking-part seat without a recorded position is deemed to agree;
    the objections voiced (if any) are recorded with their reasons; the round is then closed."""
    now = now or timezone.now()
    round = _meeting_round(round, now)
    _record_entries(round, [Entry(e.seat, Stance.OBJECT, e.text) for e in objections], by=by, now=now)
    round.consensus_noted = True
    round.save(update_fields=["consensus_noted"])
    audit.record(actor=by, verb="decision.consensus_noted", target=round.proposal, changes={"consensus": [False, True]})
    return _close(round, by=by, now=now)


# --- closing --------------------------------------------------------------------------------------------------------


def _close(round: Round, *, by: Any, now: datetime.datetime) -> Round:
    proposal = round.proposal
    if round.method == Method.MEETING:
        if round.meeting is None:
            raise ValidationError(_("Ce tour n’a pas de réunion."))
        if round.meeting.starts_at > now:
            raise ValidationError(_("La réunion n’a pas encore eu lieu : le tour se clôture après la réunion."))
        decided_on = timezone.localdate(round.meeting.starts_at)
    else:
        decided_on = timezone.localdate(now)
    outcome = consensus.decide(round_facts(round))
    round.closed_at = now
    round.closed_by = _user(by)
    round.outcome = Round.Outcome.ADOPTED if outcome.adopted else Round.Outcome.NOT_ADOPTED
    round.outcome_detail = outcome.as_dict()
    round.save(update_fields=["closed_at", "closed_by", "outcome", "outcome_detail"])
    before = proposal.status
    proposal.status = Proposal.Status.ADOPTED if outcome.adopted else Proposal.Status.NOT_ADOPTED
    proposal.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=by,
        verb="decision.round.close",
        target=proposal,
        changes={"status": [before, proposal.status], "motifs": [None, outcome.explanation]},
    )
    if outcome.adopted:
        inscribe(proposal, round, decided_on=decided_on, summary=outcome.summary(), by=by)
    return round


def may_close(round: Round, now: datetime.datetime | None = None) -> bool:
    """A round with a deadline closes at its deadline, or before once every eligible seat has taken a position (no
    silence is then left to count)."""
    now = now or timezone.now()
    return round.deadline is None or now >= round.deadline or not silent_seats(round)


@transaction.atomic
def close_round(round: Round, *, by: Any, now: datetime.datetime | None = None) -> Round:
    """Close the round and compute its outcome (consensus.py); an adoption is written in the register at once."""
    now = now or timezone.now()
    round = (
        Round.objects.select_for_update(of=("self",))
        .select_related("proposal__pole__basin", "meeting")
        .get(pk=round.pk)
    )
    if round.closed_at is not None:
        raise ValidationError(_("Ce tour est déjà clôturé."))
    if round.proposal.status != Proposal.Status.OPEN:
        raise ValidationError(_("La proposition n’est plus en cours de décision."))
    if not may_close(round, now):
        raise ValidationError(
            _(
                "Les membres ont jusqu’au %(deadline)s pour prendre position : le tour se clôture à l’échéance, ou "
                "plus tôt une fois que tous ont répondu."
            )
            % {"deadline": timezone.localtime(round.deadline).strftime("%d/%m/%Y %H:%M")}
        )
    return _close(round, by=by, now=now)


def close_due_rounds(now: datetime.datetime | None = None) -> list[Round]:
    """Close every open online or written round whose deadline has passed (daily command); each in its own
    transaction, so one failure does not keep the others open."""
    now = now or timezone.now()
    closed = []
    due = Round.objects.filter(closed_at__isnull=True, deadline__lte=now, proposal__status=Proposal.Status.OPEN)
    for round in due.order_by("deadline", "pk"):
        try:
            closed.append(close_round(round, by=None, now=now))
        except ValidationError:
            continue
    return closed


def due_for_reminder(now: datetime.datetime | None = None) -> list[Round]:
    """Open written procedures within `reminder_days` of their deadline, not yet reminded."""
    now = now or timezone.now()
    found = []
    rounds = Round.objects.filter(
        method=Method.WRITTEN,
        closed_at__isnull=True,
        reminded_at__isnull=True,
        deadline__gt=now,
        proposal__status=Proposal.Status.OPEN,
    ).select_related("proposal__pole")
    for round in rounds:
        settings = ConsensusSettings.for_pole(round.proposal.pole)
        if round.deadline is not None and round.deadline - datetime.timedelta(days=settings.reminder_days) <= now:
            found.append(round)
    return found


def send_due_reminders(now: datetime.datetime | None = None) -> int:
    """Remind the silent members of written procedures near their deadline; each round is reminded once."""
    from synergies.decisions import notifications

    now = now or timezone.now()
    sent = 0
    for round in due_for_reminder(now):
        with transaction.atomic():
            claimed = Round.objects.filter(pk=round.pk, reminded_at__isnull=True).update(reminded_at=now)
            if claimed:
                sent += notifications.send_reminder(round.pk)
    return sent


def silent_seats(round: Round) -> list[Seat]:
    spoken = set(round.positions.current().values_list("seat_id", flat=True))
    return [s for s in eligible_seats(round) if s.pk not in spoken]
