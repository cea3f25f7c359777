"""The pôles' screens, each both ways: who may and who may not; what the public sees and never sees (contacts, names
without consent); bad input refused in French next to its field with nothing saved; the compliance warning and its
confirmation (DESIGN §2, §7.7, §8)."""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags
from freezegun import freeze_time

from synergies.basins.models import Basin, PriorityTheme
from synergies.directory.models import Organisation, Person
from synergies.lib.models import AuditEntry
from synergies.poles import services
from synergies.poles.models import (
    Body,
    BodyDocument,
    DocumentVersion,
    Evaluation,
    InterestDeclaration,
    Mandate,
    Modalities,
    Pole,
    Seat,
)
from synergies.poles.tests.conftest import SEAT_START, TODAY, MakeOrganisation, MakeSeat
from synergies.testing.auth import log_in
from synergies.testing.factories import AffiliationFactory, PersonFactory, SeatFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
HTML_AS_PDF = b"<!DOCTYPE html><html><body><script>alert('pwned')</script></body></html>"
FORBIDDEN_USERS = ["other_secretary", "outsider", "contributor", "member"]
STAFF = ["secretary", "admin"]
R7 = "Un pôle de synergies est créé pour une durée limitée à trois années maximum (article 18, R7)."


@pytest.fixture(autouse=True)
def frozen() -> Iterator[Any]:
    with freeze_time(TODAY) as frozen:
        yield frozen


# --- helpers ------------------------------------------------------------------------------------------------------


def plain(markup: str) -> str:
    """What a reader sees of `markup`: no tags, entities decoded, every run of spaces (non-breaking ones too) one."""
    return " ".join(html.unescape(strip_tags(markup)).split())


def text_of(response: Any) -> str:
    return plain(response.content.decode())


def markup_of(response: Any) -> str:
    return html.unescape(response.content.decode())


def field_block(response: Any, name: str) -> str:
    """The text of the form field holding the input `name`: its label, its errors and its widget, nothing else."""
    page = response.content.decode()
    position = page.find(f'name="{name}"')
    assert position >= 0, f"no field {name!r} on the page"
    start = page.rfind('<div class="field', 0, position)
    assert start >= 0, f"field {name!r} is not in a field block"
    ends = [i for i in (page.find('<div class="field', position), page.find("</form>", position)) if i >= 0]
    return plain(page[start : min(ends)])


def pole_url(name: str, pole: Pole, **kwargs: Any) -> str:
    return reverse(f"poles:{name}", kwargs={"basin": pole.basin.code, "code": pole.code, **kwargs})


def login_url() -> str:
    return reverse("accounts:login")


def assert_sent_to_login(response: Any) -> None:
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith(login_url()), response["Location"]


def snapshot() -> dict[str, Any]:
    """Everything a pôle screen may write; a refused request leaves it as it was."""
    models: list[Any] = [
        Pole,
        Body,
        Mandate,
        Evaluation,
        Modalities,
        Seat,
        InterestDeclaration,
        BodyDocument,
        DocumentVersion,
        AuditEntry,
    ]
    counts: dict[str, Any] = {model.__name__: model.objects.count() for model in models}
    counts["poles"] = list(Pole.objects.order_by("pk").values_list("name", "description"))
    counts["bodies"] = list(Body.objects.order_by("pk").values_list("name", "mission", "closed_on"))
    counts["seats"] = list(Seat.objects.order_by("pk").values_list("role", "end", "organisation_id"))
    counts["evaluations"] = list(Evaluation.objects.order_by("pk").values_list("summary", "submitted_on", "verdict"))
    return counts


def pdf(name: str = "document.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def downloaded(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def date(day: datetime.date) -> str:
    return day.isoformat()


def seat_data(seat: Seat, **overrides: Any) -> dict[str, Any]:
    """The seat form as the secretariat would post it back unchanged, with `overrides`."""
    values: dict[str, Any] = {
        "organisation": seat.organisation_id,
        "representative": seat.representative_id,
        "substitute": seat.substitute_id,
        "origin": seat.origin,
        "chamber": seat.chamber_id,
        "role": seat.role,
        "start": date(seat.start),
        "end": date(seat.end) if seat.end else None,
        "designation_reference": seat.designation_reference,
        "designation_date": date(seat.designation_date) if seat.designation_date else None,
        "competent_in_theme": "on" if seat.competent_in_theme else None,
        "names_public": "on" if seat.names_public else None,
        **overrides,
    }
    return {key: value for key, value in values.items() if value is not None}


def new_seat_data(organisation: Organisation | None, person: Person | None, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "organisation": organisation.pk if organisation else None,
        "representative": person.pk if person else None,
        "origin": "instance",
        "role": "member",
        "start": date(TODAY),
        "designation_reference": "IB-HC/2026/01",
        "designation_date": "2026-01-08",
        "competent_in_theme": "on",
        **overrides,
    }
    return {key: value for key, value in values.items() if value is not None}


def affiliated(organisation: Organisation, **fields: Any) -> Person:
    person = PersonFactory.create(**fields)
    AffiliationFactory.create(person=person, organisation=organisation)
    return person


# --- the world ----------------------------------------------------------------------------------------------------


@pytest.fixture
def cb(pole: Pole, compliant_pole: dict[str, Seat]) -> Pole:
    """« Compétences de base », public (its first mandate runs) and compliant."""
    return pole


@pytest.fixture
def school_seat(compliant_pole: dict[str, Seat]) -> Seat:
    """The pôle's only education seat: without it, R3c and R4 (enseignement) fail."""
    return compliant_pole["secondary_school"]


@pytest.fixture
def extra_seat(cb: Pole, committee: Body, make_organisation: MakeOrganisation, make_seat: MakeSeat) -> Seat:
    """A CISP's seat, which no rule needs: ending it breaks nothing."""
    return make_seat(committee, make_organisation("cisp", name="L’Atelier des Savoirs"))


@pytest.fixture
def member_seat(cb: Pole, committee: Body, member: Any, make_organisation: MakeOrganisation) -> Seat:
    """`member` represents a CISP on the steering committee."""
    organisation = make_organisation("cisp", name="Tremplin Formation")
    AffiliationFactory.create(person=member.person, organisation=organisation)
    return SeatFactory.create(body=committee, organisation=organisation, representative=member.person)


@pytest.fixture
def proposed(basin: Basin, secretary: Any) -> Pole:
    """A pôle the secretariat prepares: the Instance has not created it yet (no mandate)."""
    return services.create_pole(
        {
            "basin": basin,
            "name": "Logistique et transport",
            "code": "LT",
            "theme_kind": Pole.ThemeKind.TRANSVERSAL,
            "transversal_reference": "IB-HC/2025/09",
            "transversal_date": datetime.date(2025, 9, 18),
        },
        by=secretary,
    )


HolderFactory = Callable[..., Any]


@pytest.fixture
def holder(basin: Basin, committee: Body, make_organisation: MakeOrganisation) -> HolderFactory:
    """A user of the basin who holds a seat of the committee (as representative or substitute)."""

    def make(
        *,
        as_: str = "representative",
        role: str = Seat.Role.MEMBER,
        start: datetime.date = SEAT_START,
        end: datetime.date | None = None,
    ) -> Any:
        user = UserFactory.create()
        person = PersonFactory.create(basin=basin, user=user, email=user.email)
        organisation = make_organisation("cisp")
        AffiliationFactory.create(person=person, organisation=organisation)
        SeatFactory.create(body=committee, organisation=organisation, role=role, start=start, end=end, **{as_: person})
        return user

    return make


def client_of(request: pytest.FixtureRequest, who: str) -> Client:
    if who == "anonymous":
        return Client()
    if who == "admin":
        return request.getfixturevalue("admin_client")
    return log_in(Client(), request.getfixturevalue(who))


# --- public pages -------------------------------------------------------------------------------------------------


def test_anyone_sees_the_list_of_the_poles_the_instance_created(client: Client, cb: Pole, proposed: Pole) -> None:
    response = client.get(reverse("poles:list"))
    assert response.status_code == 200
    text = text_of(response)
    assert "Compétences de base" in text
    assert "✓ conforme" in text
    assert "Logistique et transport" not in text


def test_anyone_sees_a_public_pole_its_mandate_and_its_compliance(client: Client, cb: Pole) -> None:
    response = client.get(cb.get_absolute_url())
    assert response.status_code == 200
    text = text_of(response)
    assert "Compétences de base" in text
    assert "du 01/03/2025 au 28/02/2028" in text
    assert "✓ conforme" in text
    for name in ("Entreprise Dubois", "CPAS de Mons", "Le Forem Formation Mons", "Athénée royal de Mons"):
        assert name in text
    assert "Espace des membres" not in text
    assert "gérer" not in text


def test_the_compliance_page_answers_for_today_and_for_a_past_date(client: Client, cb: Pole) -> None:
    today = client.get(pole_url("compliance", cb))
    assert today.status_code == 200
    assert "Au 15/01/2026 : ✓ conforme" in text_of(today)

    before_the_seats = client.get(pole_url("compliance", cb), {"date": "2025-02-01"})
    assert before_the_seats.status_code == 200
    text = text_of(before_the_seats)
    assert "Au 01/02/2025 : ✗ non conforme" in text
    assert "Il manque une entreprise locale" in text
    assert "Il manque au comité de pilotage un représentant de la composante « enseignement »" in text


def test_the_compliance_page_on_an_unreadable_date_answers_for_today(client: Client, cb: Pole) -> None:
    response = client.get(pole_url("compliance", cb), {"date": "hier"})
    assert response.status_code == 200
    assert "Au 15/01/2026 : ✓ conforme" in text_of(response)


def test_anyone_reads_every_version_of_the_modalities_but_only_staff_get_the_form(
    client: Client, secretary_client: Client, cb: Pole, secretary: Any
) -> None:
    services.adopt_modalities(cb, text="Quatre réunions par an.", adopted_on=datetime.date(2025, 4, 1), by=secretary)
    services.adopt_modalities(cb, text="Trois réunions par an.", adopted_on=datetime.date(2025, 10, 1), by=secretary)
    response = client.get(pole_url("modalities", cb))
    assert response.status_code == 200
    text = text_of(response)
    assert "Version 2, adoptée le 01/10/2025 en vigueur" in text
    assert "Version 1, adoptée le 01/04/2025" in text
    assert "Quatre réunions par an." in text and "Trois réunions par an." in text
    assert "Enregistrer une nouvelle version" not in text
    assert "Enregistrer une nouvelle version" in text_of(secretary_client.get(pole_url("modalities", cb)))


@pytest.mark.parametrize("page", ["detail", "compliance", "modalities"])
@pytest.mark.parametrize("who", ["anonymous", "outsider", "contributor", "other_secretary", "member"])
def test_a_proposed_pole_is_not_found_by_the_public(
    request: pytest.FixtureRequest, proposed: Pole, page: str, who: str
) -> None:
    assert client_of(request, who).get(pole_url(page, proposed)).status_code == 404


@pytest.mark.parametrize("page", ["detail", "compliance", "modalities", "members", "mandates"])
@pytest.mark.parametrize("who", STAFF)
def test_a_proposed_pole_is_visible_to_its_secretariat(
    request: pytest.FixtureRequest, proposed: Pole, page: str, who: str
) -> None:
    response = client_of(request, who).get(pole_url(page, proposed))
    assert response.status_code == 200
    assert "Logistique et transport" in text_of(response)


@pytest.mark.parametrize("who", ["outsider", "other_secretary"])
def test_the_members_area_of_a_proposed_pole_is_not_found_either(
    request: pytest.FixtureRequest, proposed: Pole, who: str
) -> None:
    assert client_of(request, who).get(pole_url("members", proposed)).status_code == 404


def test_the_secretariat_sees_its_proposed_pole_on_the_overview_but_not_on_the_public_list(
    secretary_client: Client, cb: Pole, proposed: Pole
) -> None:
    overview = text_of(secretary_client.get(reverse("poles:overview")))
    assert "Logistique et transport" in overview and "Proposé" in overview
    assert "Logistique et transport" not in text_of(secretary_client.get(reverse("poles:list")))


def test_a_secretary_sees_only_the_poles_of_their_basin_on_the_overview(
    other_secretary_client: Client, cb: Pole, proposed: Pole
) -> None:
    for query in ("", "?bassin=hainaut-centre"):
        response = other_secretary_client.get(reverse("poles:overview") + query)
        assert response.status_code == 200
        text = text_of(response)
        assert "Compétences de base" not in text and "Logistique et transport" not in text
        assert "Aucun pôle." in text


# --- privacy on public pages --------------------------------------------------------------------------------------


@pytest.fixture
def contacts(cb: Pole, compliant_pole: dict[str, Seat], basin: Basin) -> list[tuple[str, str]]:
    """Every seat of the pôle has a representative and a substitute, each with an e-mail and a phone."""
    found = []
    for n, seat in enumerate(compliant_pole.values()):
        representative, organisation = seat.representative, seat.organisation
        assert representative is not None and organisation is not None
        representative.email = f"titulaire{n}@membres.example"
        representative.phone = f"+32 65 00 11 {n:02d}"
        representative.save()
        substitute = affiliated(organisation, email=f"suppleant{n}@membres.example", phone=f"0470 55 66 {n:02d}")
        seat.substitute = substitute
        seat.save()
        found += [(representative.email, representative.phone), (substitute.email, substitute.phone)]
    return found


@pytest.mark.parametrize("who", ["anonymous", "member", "outsider"])
@pytest.mark.parametrize("page", ["list", "detail", "compliance", "modalities"])
def test_the_public_pages_never_show_the_members_emails_or_phones(
    request: pytest.FixtureRequest, cb: Pole, contacts: list[tuple[str, str]], member_seat: Seat, who: str, page: str
) -> None:
    url = reverse("poles:list") if page == "list" else pole_url(page, cb)
    response = client_of(request, who).get(url)
    assert response.status_code == 200
    text = markup_of(response)
    for email, phone in contacts:
        assert email not in text
        assert phone not in text
    assert "@membres.example" not in text
    assert "mailto:" not in text


@pytest.mark.parametrize("who", ["member", "secretary", "admin"])
def test_the_members_area_shows_the_members_emails_and_phones(
    request: pytest.FixtureRequest, cb: Pole, contacts: list[tuple[str, str]], member_seat: Seat, who: str
) -> None:
    response = client_of(request, who).get(pole_url("members", cb))
    assert response.status_code == 200
    text = markup_of(response)
    for email, phone in contacts:
        assert f"mailto:{email}" in text
        assert phone in text


@pytest.mark.parametrize(
    ("names_public", "consent", "shown"),
    [(False, False, False), (True, False, True), (False, True, True), (True, True, True)],
)
def test_a_representative_is_named_on_the_public_page_only_with_consent_or_published_names(
    client: Client, cb: Pole, school_seat: Seat, names_public: bool, consent: bool, shown: bool
) -> None:
    representative = school_seat.representative
    assert representative is not None
    representative.first_name, representative.last_name = "Gaëlle", "Vandenbroucke"
    representative.public_consent = consent
    representative.save()
    school_seat.names_public = names_public
    school_seat.save()
    text = text_of(client.get(cb.get_absolute_url()))
    assert ("Gaëlle Vandenbroucke" in text) is shown
    assert "Athénée royal de Mons" in text
    if not shown:
        assert "nom non publié" in text


def test_a_resource_person_without_consent_is_not_named_in_public(
    client: Client, cb: Pole, committee: Body, make_seat: MakeSeat
) -> None:
    expert = PersonFactory.create(first_name="Yasmina", last_name="Outaleb", public_consent=False)
    make_seat(committee, None, representative=expert, role=Seat.Role.RESOURCE_PERSON)
    text = text_of(client.get(cb.get_absolute_url()))
    assert "à titre personnel" in text
    assert "Outaleb" not in text


# --- the members' area --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("as_", ["representative", "substitute"])
def test_a_seat_holder_enters_the_members_area(cb: Pole, holder: HolderFactory, as_: str) -> None:
    response = log_in(Client(), holder(as_=as_)).get(pole_url("members", cb))
    assert response.status_code == 200
    assert "Espace des membres — Compétences de base" in text_of(response)


def test_the_public_page_offers_the_members_area_to_a_seat_holder(cb: Pole, member_seat: Seat, member: Any) -> None:
    assert "Espace des membres" in text_of(log_in(Client(), member).get(cb.get_absolute_url()))


def test_a_seat_ending_today_still_opens_the_members_area(cb: Pole, holder: HolderFactory) -> None:
    response = log_in(Client(), holder(end=TODAY)).get(pole_url("members", cb))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("start", "end"),
    [(SEAT_START, TODAY - datetime.timedelta(days=1)), (TODAY + datetime.timedelta(days=1), None)],
    ids=["ended", "not-yet-begun"],
)
@pytest.mark.parametrize("as_", ["representative", "substitute"])
def test_a_seat_not_in_force_gives_no_access_to_the_members_area(
    cb: Pole, holder: HolderFactory, as_: str, start: datetime.date, end: datetime.date | None
) -> None:
    user = holder(as_=as_, start=start, end=end)
    assert log_in(Client(), user).get(pole_url("members", cb)).status_code == 403
    assert "Espace des membres" not in text_of(log_in(Client(), user).get(cb.get_absolute_url()))


def test_a_seat_in_another_pole_gives_no_access(
    cb: Pole, basin: Basin, secretary: Any, member: Any, make_organisation: MakeOrganisation
) -> None:
    other = services.create_pole(
        {
            "basin": basin,
            "name": "Numérique",
            "code": "NU",
            "theme_kind": Pole.ThemeKind.TRANSVERSAL,
            "transversal_reference": "IB-HC/2024/02",
            "transversal_date": datetime.date(2024, 2, 1),
        },
        by=secretary,
    )
    organisation = make_organisation("cisp")
    AffiliationFactory.create(person=member.person, organisation=organisation)
    SeatFactory.create(body=other.bodies.get(), organisation=organisation, representative=member.person)
    assert log_in(Client(), member).get(pole_url("members", cb)).status_code == 403


@pytest.mark.parametrize("who", ["secretary", "admin"])
def test_the_secretariat_and_admins_enter_the_members_area(request: pytest.FixtureRequest, cb: Pole, who: str) -> None:
    assert client_of(request, who).get(pole_url("members", cb)).status_code == 200


@pytest.mark.parametrize("who", ["outsider", "contributor", "other_secretary", "member"])
def test_others_are_refused_the_members_area(request: pytest.FixtureRequest, cb: Pole, who: str) -> None:
    assert client_of(request, who).get(pole_url("members", cb)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in_for_the_members_area(client: Client, cb: Pole) -> None:
    assert_sent_to_login(client.get(pole_url("members", cb)))


# --- documents ----------------------------------------------------------------------------------------------------


@pytest.fixture
def document(cb: Pole, committee: Body, secretary: Any) -> DocumentVersion:
    from synergies.poles import documents

    return documents.add_version(
        committee,
        document=None,
        title="Règlement d’ordre intérieur",
        upload=pdf("roi.pdf", PDF + b"version 1"),
        content_type="application/pdf",
        note="",
        by=secretary,
    )


def upload(client: Client, pole: Pole, body: Body, **data: Any) -> Any:
    return client.post(pole_url("document_upload", pole, body=body.slug), data, follow=True)


@pytest.mark.parametrize("who", ["secretary", "admin", "chair"])
def test_the_secretariat_and_the_chair_upload_a_document(
    request: pytest.FixtureRequest, cb: Pole, committee: Body, holder: HolderFactory, who: str
) -> None:
    user_client = log_in(Client(), holder(role=Seat.Role.CHAIR)) if who == "chair" else client_of(request, who)
    response = upload(user_client, cb, committee, title="Note de cadrage", file=pdf("cadrage.pdf"))
    assert response.redirect_chain[-1] == (pole_url("members", cb), 302)
    assert "« Note de cadrage », version 1, est en ligne." in text_of(response)
    version = DocumentVersion.objects.get()
    assert (version.document.body, version.document.title, version.number) == (committee, "Note de cadrage", 1)
    assert version.content_type == "application/pdf"
    assert version.filename == "cadrage.pdf"
    assert AuditEntry.objects.filter(verb="pole.document.upload").count() == 1


@pytest.mark.parametrize("who", ["member", "outsider", "contributor", "other_secretary"])
def test_others_may_not_upload_a_document(request: pytest.FixtureRequest, cb: Pole, committee: Body, who: str) -> None:
    if who == "member":
        request.getfixturevalue("member_seat")
    user_client = client_of(request, who)
    before = snapshot()
    response = user_client.post(
        pole_url("document_upload", cb, body=committee.slug), {"title": "Intrus", "file": pdf()}
    )
    assert response.status_code == 403
    assert snapshot() == before


def test_anonymous_visitors_are_sent_to_log_in_to_upload(client: Client, cb: Pole, committee: Body) -> None:
    before = snapshot()
    assert_sent_to_login(
        client.post(pole_url("document_upload", cb, body=committee.slug), {"title": "Intrus", "file": pdf()})
    )
    assert snapshot() == before


def test_an_html_file_renamed_pdf_is_refused_in_french(secretary_client: Client, cb: Pole, committee: Body) -> None:
    before = snapshot()
    response = upload(secretary_client, cb, committee, title="Ordre du jour", file=pdf("odj.pdf", HTML_AS_PDF))
    assert response.redirect_chain[-1] == (pole_url("members", cb), 302)
    assert "Ce type de fichier n’est pas accepté (text/html)." in text_of(response)
    assert snapshot() == before


def test_a_document_without_a_title_is_refused_in_french(secretary_client: Client, cb: Pole, committee: Body) -> None:
    before = snapshot()
    response = upload(secretary_client, cb, committee, title="", file=pdf())
    assert "Ce champ est obligatoire." in text_of(response)
    assert snapshot() == before


def test_a_new_version_keeps_the_old_ones(
    secretary_client: Client, cb: Pole, committee: Body, document: DocumentVersion
) -> None:
    response = upload(
        secretary_client,
        cb,
        committee,
        document=document.document.pk,
        file=pdf("roi-2026.pdf", PDF + b"version 2"),
        note="Article 4 revu",
    )
    assert "« Règlement d’ordre intérieur », version 2, est en ligne." in text_of(response)
    versions = list(document.document.versions.order_by("number"))
    assert [(v.number, v.filename, v.note) for v in versions] == [
        (1, "roi.pdf", ""),
        (2, "roi-2026.pdf", "Article 4 revu"),
    ]
    assert BodyDocument.objects.count() == 1
    page = text_of(secretary_client.get(pole_url("members", cb)))
    assert "version 1" in page and "version 2 — 15/01/2026" in page and "Article 4 revu" in page
    for version, content in zip(versions, (b"version 1", b"version 2"), strict=True):
        got = downloaded(secretary_client.get(pole_url("document", cb, pk=version.pk)))
        assert got == PDF + content


def test_a_new_version_of_a_document_of_another_body_is_not_found(
    secretary_client: Client, cb: Pole, document: DocumentVersion, secretary: Any
) -> None:
    group = services.create_working_group(cb, {"name": "Outils numériques"}, by=secretary)
    before = snapshot()
    response = secretary_client.post(
        pole_url("document_upload", cb, body=group.slug), {"document": document.document.pk, "file": pdf()}
    )
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("who", ["member", "secretary", "admin"])
def test_members_download_a_document_as_an_attachment_never_sniffed(
    request: pytest.FixtureRequest, cb: Pole, member_seat: Seat, document: DocumentVersion, who: str
) -> None:
    response = client_of(request, who).get(pole_url("document", cb, pk=document.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="roi.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert downloaded(response) == PDF + b"version 1"


@pytest.mark.parametrize("who", ["outsider", "contributor", "other_secretary", "ended_member"])
def test_others_may_not_download_a_document(
    request: pytest.FixtureRequest, cb: Pole, document: DocumentVersion, holder: HolderFactory, who: str
) -> None:
    if who == "ended_member":
        user_client = log_in(Client(), holder(end=TODAY - datetime.timedelta(days=1)))
    else:
        user_client = client_of(request, who)
    assert user_client.get(pole_url("document", cb, pk=document.pk)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in_to_download(client: Client, cb: Pole, document: DocumentVersion) -> None:
    assert_sent_to_login(client.get(pole_url("document", cb, pk=document.pk)))


def test_a_document_is_not_reachable_through_another_pole(
    secretary_client: Client, cb: Pole, proposed: Pole, document: DocumentVersion
) -> None:
    assert secretary_client.get(pole_url("document", proposed, pk=document.pk)).status_code == 404


# --- who reaches the secretariat's screens ------------------------------------------------------------------------


@dataclass(frozen=True)
class Screen:
    name: str
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] = lambda w: {}
    data: Callable[[dict[str, Any]], dict[str, Any]] = lambda w: {}
    get: bool = True
    post: bool = True


def _pole_data(w: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": "Compétences de base",
        "code": "CB",
        "theme_kind": "transversal",
        "transversal_reference": "IB-2019-01",
        "transversal_date": "2019-01-15",
        "description": "Changée par un intrus",
        "missions": "Des missions",
        "evaluation_lead_days": "180",
    }


SCREENS = [
    Screen("edit", data=_pole_data),
    Screen("mandates", data=lambda w: {"action": "evaluation", "summary": "Intrus", "submitted_on": "2026-01-10"}),
    Screen("evaluation_file", kwargs=lambda w: {"number": 1}, post=False),
    Screen("body_create", data=lambda w: {"name": "Groupe intrus"}),
    Screen("body", kwargs=lambda w: {"body": w["committee"].slug}, post=False),
    Screen("body_edit", kwargs=lambda w: {"body": w["committee"].slug}, data=lambda w: {"name": "Renommé"}),
    Screen(
        "seat_create",
        kwargs=lambda w: {"body": w["committee"].slug},
        data=lambda w: new_seat_data(w["extra"].organisation, w["extra"].representative, role="observer"),
    ),
    Screen(
        "seat_edit",
        kwargs=lambda w: {"pk": w["extra"].pk},
        data=lambda w: seat_data(w["extra"], role="vice_chair"),
    ),
    Screen("seat_end", kwargs=lambda w: {"pk": w["extra"].pk}, data=lambda w: {"end": "2026-01-15"}),
    Screen(
        "seat_interest",
        kwargs=lambda w: {"pk": w["extra"].pk},
        data=lambda w: {"text": "Administratrice d’une ASBL", "declared_on": "2026-01-15"},
        get=False,
    ),
]
SCREEN_IDS = [screen.name for screen in SCREENS]


@pytest.fixture
def world(cb: Pole, committee: Body, extra_seat: Seat, mandate: Mandate, member_seat: Seat) -> dict[str, Any]:
    evaluation = mandate.evaluation
    evaluation.file.save("evaluation.pdf", ContentFile(PDF), save=False)
    evaluation.file_type = "application/pdf"
    evaluation.save()
    return {"pole": cb, "committee": committee, "extra": extra_seat}


def requests_of(screen: Screen) -> list[str]:
    return [method for method, allowed in (("get", screen.get), ("post", screen.post)) if allowed]


@pytest.mark.parametrize("who", FORBIDDEN_USERS)
@pytest.mark.parametrize("screen", SCREENS, ids=SCREEN_IDS)
def test_only_the_pole_s_secretariat_and_admins_reach_its_management_screens(
    request: pytest.FixtureRequest, world: dict[str, Any], screen: Screen, who: str
) -> None:
    user_client = client_of(request, who)
    url = pole_url(screen.name, world["pole"], **screen.kwargs(world))
    before = snapshot()
    for method in requests_of(screen):
        response = getattr(user_client, method)(url, screen.data(world) if method == "post" else {})
        assert response.status_code == 403, f"{method.upper()} {url} as {who}: {response.status_code}"
    assert snapshot() == before


@pytest.mark.parametrize("screen", SCREENS, ids=SCREEN_IDS)
def test_anonymous_visitors_are_sent_to_log_in_from_the_management_screens(
    client: Client, world: dict[str, Any], screen: Screen
) -> None:
    url = pole_url(screen.name, world["pole"], **screen.kwargs(world))
    before = snapshot()
    for method in requests_of(screen):
        assert_sent_to_login(getattr(client, method)(url, screen.data(world) if method == "post" else {}))
    assert snapshot() == before


@pytest.mark.parametrize("who", STAFF)
@pytest.mark.parametrize("screen", [s for s in SCREENS if s.get], ids=[s.name for s in SCREENS if s.get])
def test_the_secretariat_and_admins_open_the_management_screens(
    request: pytest.FixtureRequest, world: dict[str, Any], screen: Screen, who: str
) -> None:
    response = client_of(request, who).get(pole_url(screen.name, world["pole"], **screen.kwargs(world)))
    assert response.status_code == 200


@pytest.mark.parametrize("who", [*FORBIDDEN_USERS, "anonymous"])
def test_only_the_secretariat_records_new_modalities(request: pytest.FixtureRequest, cb: Pole, who: str) -> None:
    user_client = client_of(request, who)
    before = snapshot()
    response = user_client.post(pole_url("modalities", cb), {"text": "Intrus", "adopted_on": "2026-01-15"})
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("who", ["secretary", "admin", "other_secretary"])
def test_any_secretariat_opens_the_create_form_and_the_overview_for_its_own_basin(
    request: pytest.FixtureRequest, basin: Basin, who: str
) -> None:
    user_client = client_of(request, who)
    assert user_client.get(reverse("poles:create")).status_code == 200
    assert user_client.get(reverse("poles:overview")).status_code == 200


@pytest.mark.parametrize("who", ["outsider", "contributor", "member"])
def test_others_may_neither_create_a_pole_nor_see_the_overview(
    request: pytest.FixtureRequest, basin: Basin, who: str
) -> None:
    user_client = client_of(request, who)
    before = snapshot()
    assert user_client.get(reverse("poles:create")).status_code == 403
    assert user_client.post(reverse("poles:create"), pole_form(basin)).status_code == 403
    assert user_client.get(reverse("poles:overview")).status_code == 403
    assert snapshot() == before


def test_anonymous_visitors_are_sent_to_log_in_to_create_a_pole(client: Client, basin: Basin) -> None:
    before = snapshot()
    assert_sent_to_login(client.get(reverse("poles:create")))
    assert_sent_to_login(client.post(reverse("poles:create"), pole_form(basin)))
    assert_sent_to_login(client.get(reverse("poles:overview")))
    assert snapshot() == before


# --- creating and editing a pôle ----------------------------------------------------------------------------------


def pole_form(basin: Basin, **overrides: Any) -> dict[str, Any]:
    values = {
        "basin": basin.pk,
        "name": "Métiers de la construction",
        "code": "MC",
        "theme_kind": "transversal",
        "transversal_reference": "IB-HC/2025/11",
        "transversal_date": "2025-11-20",
        "description": "Un pôle pour la construction.",
        "missions": "Identifier les pratiques.",
        "evaluation_lead_days": "180",
        **overrides,
    }
    return {key: value for key, value in values.items() if value is not None}


@pytest.mark.parametrize("who", STAFF)
def test_the_secretariat_creates_a_pole_and_is_sent_to_open_its_first_mandate(
    request: pytest.FixtureRequest, basin: Basin, who: str
) -> None:
    response = client_of(request, who).post(reverse("poles:create"), pole_form(basin), follow=True)
    pole = Pole.objects.get(code="MC")
    assert response.redirect_chain[-1] == (pole_url("mandates", pole), 302)
    assert "Le pôle « Métiers de la construction » est créé." in text_of(response)
    assert pole.basin == basin
    assert pole.bodies.get().kind == Body.Kind.STEERING_COMMITTEE
    assert pole.status == Pole.Status.PROPOSED
    assert AuditEntry.objects.for_object(pole).get().verb == "pole.create"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"theme_kind": "theme", "transversal_reference": None, "transversal_date": None},
            "theme",
            "Choisissez la thématique commune du rapport sur laquelle le pôle est fondé (R1).",
        ),
        (
            {"transversal_reference": None},
            "transversal_reference",
            "Un pôle transversal l’est par une décision de l’Instance : indiquez sa référence et sa date (R1).",
        ),
        (
            {"transversal_date": None},
            "transversal_reference",
            "Un pôle transversal l’est par une décision de l’Instance : indiquez sa référence et sa date (R1).",
        ),
    ],
    ids=["theme-without-theme", "transversal-without-reference", "transversal-without-date"],
)
def test_the_create_form_shows_r1_errors_next_to_the_field(
    secretary_client: Client, basin: Basin, overrides: dict[str, Any], field: str, message: str
) -> None:
    before = snapshot()
    response = secretary_client.post(reverse("poles:create"), pole_form(basin, **overrides))
    assert response.status_code == 200
    assert message in field_block(response, field)
    assert message in [plain(error) for error in response.context["form"].errors[field]]
    assert snapshot() == before


def test_a_theme_of_another_basin_s_report_is_refused_next_to_the_field(
    admin_client: Client, basin: Basin, other_basin: Basin
) -> None:
    theme = PriorityTheme.objects.create(basin=other_basin, title="Agroalimentaire", report_year=2024)
    before = snapshot()
    response = admin_client.post(
        reverse("poles:create"),
        pole_form(basin, theme_kind="theme", theme=theme.pk, transversal_reference=None, transversal_date=None),
    )
    assert response.status_code == 200
    assert "Cette thématique appartient au rapport d’un autre bassin (R1)." in field_block(response, "theme")
    assert snapshot() == before


def test_a_secretary_cannot_create_a_pole_in_another_basin(other_secretary_client: Client, basin: Basin) -> None:
    before = snapshot()
    response = other_secretary_client.post(reverse("poles:create"), pole_form(basin))
    assert response.status_code == 200
    assert "Sélectionnez un choix valide." in field_block(response, "basin")
    assert snapshot() == before


def test_a_code_already_used_in_the_basin_is_refused(secretary_client: Client, basin: Basin, pole: Pole) -> None:
    before = snapshot()
    response = secretary_client.post(reverse("poles:create"), pole_form(basin, code="CB"))
    assert response.status_code == 200
    assert snapshot() == before


@pytest.mark.parametrize("who", STAFF)
def test_the_secretariat_edits_a_pole(request: pytest.FixtureRequest, cb: Pole, who: str) -> None:
    data = {**_pole_data({}), "description": "Maîtrise des savoirs de base."}
    response = client_of(request, who).post(pole_url("edit", cb), data, follow=True)
    assert response.redirect_chain[-1] == (cb.get_absolute_url(), 302)
    assert "Modifications enregistrées." in text_of(response)
    cb.refresh_from_db()
    assert cb.description == "Maîtrise des savoirs de base."
    assert AuditEntry.objects.for_object(cb).filter(verb="pole.update").count() == 1


def test_editing_a_pole_keeps_r1_errors_next_to_the_field(secretary_client: Client, cb: Pole) -> None:
    before = snapshot()
    response = secretary_client.post(pole_url("edit", cb), {**_pole_data({}), "transversal_reference": ""})
    assert response.status_code == 200
    assert "indiquez sa référence et sa date (R1)" in field_block(response, "transversal_reference")
    assert snapshot() == before


def test_the_basin_of_a_pole_cannot_be_changed(admin_client: Client, cb: Pole, other_basin: Basin) -> None:
    admin_client.post(pole_url("edit", cb), {**_pole_data({}), "basin": other_basin.pk, "description": "Déménagé"})
    cb.refresh_from_db()
    assert cb.basin.code == "hainaut-centre"


# --- modalities ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", STAFF)
def test_the_secretariat_records_a_new_version_of_the_modalities_and_keeps_the_old(
    request: pytest.FixtureRequest, cb: Pole, secretary: Any, who: str
) -> None:
    services.adopt_modalities(cb, text="Quatre réunions par an.", adopted_on=datetime.date(2025, 4, 1), by=secretary)
    response = client_of(request, who).post(
        pole_url("modalities", cb),
        {"text": "Trois à quatre réunions par an.", "adopted_on": "2026-01-12", "reference": "CoPil du 12/01/2026"},
        follow=True,
    )
    assert response.redirect_chain[-1] == (pole_url("modalities", cb), 302)
    text = text_of(response)
    assert "Nouvelle version des modalités enregistrée." in text
    assert "Version 2, adoptée le 12/01/2026" in text and "Version 1, adoptée le 01/04/2025" in text
    assert list(cb.modalities.values_list("version", "text")) == [
        (2, "Trois à quatre réunions par an."),
        (1, "Quatre réunions par an."),
    ]


def test_empty_modalities_are_refused_next_to_the_field(secretary_client: Client, cb: Pole) -> None:
    before = snapshot()
    response = secretary_client.post(pole_url("modalities", cb), {"text": "", "adopted_on": "2026-01-12"})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in field_block(response, "text")
    assert snapshot() == before


# --- mandates and evaluation (R7) ---------------------------------------------------------------------------------


def open_data(start: str, end: str) -> dict[str, str]:
    return {
        "action": "open",
        "start": start,
        "end": end,
        "decision_reference": "IB-HC/2026/01",
        "decision_date": "2026-01-08",
    }


@pytest.mark.parametrize("who", STAFF)
def test_the_secretariat_opens_the_first_mandate_and_the_pole_becomes_public(
    request: pytest.FixtureRequest, client: Client, proposed: Pole, who: str
) -> None:
    form = client_of(request, who).get(pole_url("mandates", proposed))
    assert "Ouvrir le premier mandat" in text_of(form)
    assert form.context["forms"]["open"].initial["end"] == datetime.date(2029, 1, 14)

    response = client_of(request, who).post(
        pole_url("mandates", proposed), open_data("2026-01-15", "2029-01-14"), follow=True
    )
    assert response.redirect_chain[-1] == (pole_url("mandates", proposed), 302)
    mandate = proposed.mandates.get()
    assert (mandate.number, mandate.start, mandate.end) == (1, TODAY, datetime.date(2029, 1, 14))
    assert mandate.evaluation.verdict == Evaluation.Verdict.PENDING
    assert client.get(proposed.get_absolute_url()).status_code == 200


def test_a_four_year_mandate_is_refused_with_the_r7_text_next_to_the_end(
    secretary_client: Client, proposed: Pole
) -> None:
    before = snapshot()
    response = secretary_client.post(pole_url("mandates", proposed), open_data("2026-01-15", "2030-01-14"))
    assert response.status_code == 400
    block = field_block(response, "end")
    assert R7 in block
    assert "il doit se terminer au plus tard le 14/01/2029" in block
    assert snapshot() == before


def test_a_mandate_without_the_instance_s_decision_is_refused(secretary_client: Client, proposed: Pole) -> None:
    before = snapshot()
    data = {**open_data("2026-01-15", "2029-01-14"), "decision_reference": ""}
    response = secretary_client.post(pole_url("mandates", proposed), data)
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in field_block(response, "decision_reference")
    assert snapshot() == before


def test_a_second_first_mandate_is_refused(secretary_client: Client, cb: Pole) -> None:
    before = snapshot()
    response = secretary_client.post(pole_url("mandates", cb), open_data("2026-01-15", "2029-01-14"))
    assert response.status_code == 400
    assert "un nouveau mandat ne s’ouvre que par un renouvellement après évaluation (R7)" in text_of(response)
    assert snapshot() == before


def file_evaluation(user_client: Client, pole: Pole, upload: Any = None, **data: Any) -> Any:
    values = {"action": "evaluation", "summary": "Quatre réunions par an, bonne participation.", **data}
    values["submitted_on"] = values.get("submitted_on", "2026-01-10")
    if upload is not None:
        values["file"] = upload
    return user_client.post(pole_url("mandates", pole), values, follow=True)


@pytest.mark.parametrize("who", STAFF)
def test_the_secretariat_files_the_evaluation_with_a_pdf_and_downloads_it(
    request: pytest.FixtureRequest, cb: Pole, mandate: Mandate, who: str
) -> None:
    user_client = client_of(request, who)
    response = file_evaluation(user_client, cb, pdf("dossier.pdf", PDF + b"evaluation"))
    assert response.redirect_chain[-1] == (pole_url("mandates", cb), 302)
    evaluation = Evaluation.objects.get(mandate=mandate)
    assert evaluation.summary == "Quatre réunions par an, bonne participation."
    assert evaluation.submitted_on == datetime.date(2026, 1, 10)
    assert evaluation.file_type == "application/pdf"
    assert evaluation.is_complete
    assert pole_url("evaluation_file", cb, number=1) in response.content.decode()
    assert "Verdict de l’Instance" in text_of(response)

    download = user_client.get(pole_url("evaluation_file", cb, number=1))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert 'filename="evaluation-CB-mandat-1.pdf"' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert downloaded(download) == PDF + b"evaluation"


def test_an_html_evaluation_file_is_refused_next_to_the_field(
    secretary_client: Client, cb: Pole, mandate: Mandate
) -> None:
    before = snapshot()
    response = secretary_client.post(
        pole_url("mandates", cb),
        {"action": "evaluation", "summary": "Dossier", "submitted_on": "2026-01-10", "file": pdf("d.pdf", HTML_AS_PDF)},
    )
    assert response.status_code == 400
    assert "Ce type de fichier n’est pas accepté (text/html)." in field_block(response, "file")
    assert snapshot() == before


def test_an_evaluation_without_a_file_is_not_found(secretary_client: Client, cb: Pole, mandate: Mandate) -> None:
    assert secretary_client.get(pole_url("evaluation_file", cb, number=1)).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "other_secretary", "member"])
def test_others_may_not_download_the_evaluation_file(
    request: pytest.FixtureRequest, world: dict[str, Any], who: str
) -> None:
    assert client_of(request, who).get(pole_url("evaluation_file", world["pole"], number=1)).status_code == 403


def test_the_verdict_waits_for_a_complete_evaluation(secretary_client: Client, cb: Pole, mandate: Mandate) -> None:
    before = snapshot()
    response = secretary_client.post(
        pole_url("mandates", cb),
        {"action": "verdict", "verdict": "renewed", "reference": "IB-HC/2027/10", "date": "2026-01-14"},
    )
    assert response.status_code == 400
    assert "Le dossier d’évaluation n’est pas complet" in text_of(response)
    assert snapshot() == before


def test_renewal_is_refused_without_a_complete_evaluation(secretary_client: Client, cb: Pole, mandate: Mandate) -> None:
    before = snapshot()
    response = secretary_client.post(
        pole_url("mandates", cb),
        {"action": "renew", "end": "2031-02-28", "decision_reference": "IB-HC/2027/12", "decision_date": "2026-01-14"},
    )
    assert response.status_code == 400
    assert (
        "Un pôle n’est renouvelable qu’après évaluation de son fonctionnement par l’Instance, "
        "et sur sa décision de renouvellement (R7)." in text_of(response)
    )
    assert snapshot() == before


def test_renewal_is_refused_after_a_complete_evaluation_still_awaiting_the_verdict(
    secretary_client: Client, cb: Pole, mandate: Mandate
) -> None:
    file_evaluation(secretary_client, cb)
    before = snapshot()
    response = secretary_client.post(
        pole_url("mandates", cb),
        {"action": "renew", "end": "2031-02-28", "decision_reference": "IB-HC/2027/12", "decision_date": "2026-01-14"},
    )
    assert response.status_code == 400
    assert "Un pôle n’est renouvelable qu’après évaluation" in text_of(response)
    assert snapshot() == before


@pytest.mark.parametrize("who", STAFF)
def test_evaluation_verdict_and_renewal_open_the_next_mandate(
    request: pytest.FixtureRequest, cb: Pole, mandate: Mandate, who: str
) -> None:
    user_client = client_of(request, who)
    file_evaluation(user_client, cb)
    verdict = user_client.post(
        pole_url("mandates", cb),
        {"action": "verdict", "verdict": "renewed", "reference": "IB-HC/2027/10", "date": "2026-01-14"},
        follow=True,
    )
    assert verdict.redirect_chain[-1] == (pole_url("mandates", cb), 302)
    assert "Renouveler le pôle" in text_of(verdict)
    assert verdict.context["forms"]["renew"].initial["end"] == datetime.date(2031, 2, 28)
    evaluation = Evaluation.objects.get(mandate=mandate)
    assert (evaluation.verdict, evaluation.verdict_reference) == ("renewed", "IB-HC/2027/10")

    renewal = user_client.post(
        pole_url("mandates", cb),
        {"action": "renew", "end": "2031-02-28", "decision_reference": "IB-HC/2027/12", "decision_date": "2026-01-14"},
        follow=True,
    )
    assert renewal.redirect_chain[-1] == (pole_url("mandates", cb), 302)
    assert list(cb.mandates.values_list("number", "start", "end")) == [
        (1, datetime.date(2025, 3, 1), datetime.date(2028, 2, 28)),
        (2, datetime.date(2028, 2, 29), datetime.date(2031, 2, 28)),
    ]
    assert "Évaluation du mandat 2" in text_of(renewal)


def test_a_renewal_longer_than_three_years_is_refused_with_the_r7_text(
    secretary_client: Client, cb: Pole, mandate: Mandate, secretary: Any
) -> None:
    services.record_evaluation(mandate, summary="Bilan", submitted_on=TODAY, by=secretary)
    services.record_verdict(mandate, verdict="renewed", reference="IB-HC/2027/10", date=TODAY, by=secretary)
    before = snapshot()
    response = secretary_client.post(
        pole_url("mandates", cb),
        {"action": "renew", "end": "2031-03-01", "decision_reference": "IB-HC/2027/12", "decision_date": "2026-01-14"},
    )
    assert response.status_code == 400
    assert R7 in text_of(response)
    assert snapshot() == before


def test_a_non_renewal_closes_the_way_to_a_next_mandate(
    secretary_client: Client, cb: Pole, mandate: Mandate, secretary: Any
) -> None:
    services.record_evaluation(mandate, summary="Bilan", submitted_on=TODAY, by=secretary)
    response = secretary_client.post(
        pole_url("mandates", cb),
        {"action": "verdict", "verdict": "not_renewed", "reference": "IB-HC/2027/10", "date": "2026-01-14"},
        follow=True,
    )
    assert "L’Instance n’a pas renouvelé le pôle : il prendra fin avec son mandat." in text_of(response)
    before = snapshot()
    refused = secretary_client.post(
        pole_url("mandates", cb),
        {"action": "renew", "end": "2031-02-28", "decision_reference": "IB-HC/2027/12", "decision_date": "2026-01-14"},
    )
    assert refused.status_code == 400
    assert snapshot() == before


# --- bodies -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", STAFF)
def test_the_secretariat_creates_a_working_group(request: pytest.FixtureRequest, cb: Pole, who: str) -> None:
    response = client_of(request, who).post(
        pole_url("body_create", cb),
        {"name": "Outils numériques", "mission": "Recenser les outils.", "deadline": "2026-12-31"},
        follow=True,
    )
    group = cb.bodies.get(kind=Body.Kind.WORKING_GROUP)
    assert response.redirect_chain[-1] == (pole_url("body", cb, body="outils-numeriques"), 302)
    assert "Groupe de travail « Outils numériques » créé." in text_of(response)
    assert (group.name, group.slug, group.deadline) == (
        "Outils numériques",
        "outils-numeriques",
        datetime.date(2026, 12, 31),
    )
    assert "Outils numériques" in text_of(Client().get(cb.get_absolute_url()))


def test_a_working_group_without_a_name_is_refused_next_to_the_field(secretary_client: Client, cb: Pole) -> None:
    before = snapshot()
    response = secretary_client.post(pole_url("body_create", cb), {"name": "", "mission": "Sans nom"})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in field_block(response, "name")
    assert snapshot() == before


@pytest.mark.parametrize("who", STAFF)
def test_the_secretariat_edits_a_body(request: pytest.FixtureRequest, cb: Pole, committee: Body, who: str) -> None:
    response = client_of(request, who).post(
        pole_url("body_edit", cb, body=committee.slug),
        {"name": "Comité de pilotage", "mission": "Piloter le pôle.", "deliverables": "Un plan annuel."},
        follow=True,
    )
    assert response.redirect_chain[-1] == (pole_url("body", cb, body=committee.slug), 302)
    committee.refresh_from_db()
    assert (committee.mission, committee.deliverables) == ("Piloter le pôle.", "Un plan annuel.")
    assert "Piloter le pôle." in text_of(response)
    assert AuditEntry.objects.for_object(committee).filter(verb="pole.body.update").count() == 1


def test_an_unknown_body_is_not_found(secretary_client: Client, cb: Pole) -> None:
    assert secretary_client.get(pole_url("body", cb, body="nulle-part")).status_code == 404


def test_the_body_page_lists_current_and_past_seats(
    secretary_client: Client, cb: Pole, committee: Body, extra_seat: Seat, make_organisation: MakeOrganisation
) -> None:
    extra_seat.end = datetime.date(2025, 12, 31)
    extra_seat.save()
    response = secretary_client.get(pole_url("body", cb, body=committee.slug))
    assert response.status_code == 200
    assert [s.organisation.name for s in response.context["past"]] == ["L’Atelier des Savoirs"]
    assert len(response.context["current"]) == 4
    assert "✓ conforme" in text_of(response)


# --- seats --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", STAFF)
def test_the_secretariat_adds_a_seat(
    request: pytest.FixtureRequest, cb: Pole, committee: Body, make_organisation: MakeOrganisation, who: str
) -> None:
    organisation = make_organisation("cisp", name="L’Atelier des Savoirs")
    person = affiliated(organisation, first_name="Inès", last_name="Lambert")
    response = client_of(request, who).post(
        pole_url("seat_create", cb, body=committee.slug), new_seat_data(organisation, person), follow=True
    )
    assert response.redirect_chain[-1] == (pole_url("body", cb, body=committee.slug), 302)
    assert "Siège enregistré." in text_of(response)
    seat = Seat.objects.get(organisation=organisation)
    assert (seat.body, seat.representative, seat.start) == (committee, person, TODAY)
    assert AuditEntry.objects.for_object(seat).get().verb == "pole.seat.create"


@pytest.mark.parametrize("who", STAFF)
def test_the_secretariat_edits_a_seat(request: pytest.FixtureRequest, cb: Pole, extra_seat: Seat, who: str) -> None:
    response = client_of(request, who).post(
        pole_url("seat_edit", cb, pk=extra_seat.pk), seat_data(extra_seat, role="vice_chair"), follow=True
    )
    assert "Siège enregistré." in text_of(response)
    extra_seat.refresh_from_db()
    assert extra_seat.role == Seat.Role.VICE_CHAIR
    assert AuditEntry.objects.for_object(extra_seat).get().verb == "pole.seat.update"


@pytest.mark.parametrize("who", STAFF)
def test_the_secretariat_ends_a_seat_no_rule_needs_without_a_warning(
    request: pytest.FixtureRequest, cb: Pole, extra_seat: Seat, mailoutbox: list[Any], who: str
) -> None:
    user_client = client_of(request, who)
    assert 'type="checkbox"' not in user_client.get(pole_url("seat_end", cb, pk=extra_seat.pk)).content.decode()
    response = user_client.post(pole_url("seat_end", cb, pk=extra_seat.pk), {"end": "2026-01-31"}, follow=True)
    assert "Le siège prend fin le 31/01/2026." in text_of(response)
    extra_seat.refresh_from_db()
    assert extra_seat.end == datetime.date(2026, 1, 31)
    assert mailoutbox == []


@pytest.mark.parametrize("who", STAFF)
def test_the_secretariat_declares_interests_on_a_seat(
    request: pytest.FixtureRequest, cb: Pole, committee: Body, extra_seat: Seat, who: str
) -> None:
    response = client_of(request, who).post(
        pole_url("seat_interest", cb, pk=extra_seat.pk),
        {"text": "Administratrice d’une ASBL partenaire", "declared_on": "2026-01-14"},
        follow=True,
    )
    assert response.redirect_chain[-1] == (pole_url("body", cb, body=committee.slug), 302)
    text = text_of(response)
    assert "Déclaration d’intérêts enregistrée." in text
    assert "Intérêts déclarés le 14/01/2026 : Administratrice d’une ASBL partenaire" in text
    assert extra_seat.interests.get().declared_on == datetime.date(2026, 1, 14)


def test_an_empty_declaration_of_interests_is_refused_in_french(
    secretary_client: Client, cb: Pole, extra_seat: Seat
) -> None:
    before = snapshot()
    response = secretary_client.post(
        pole_url("seat_interest", cb, pk=extra_seat.pk), {"text": "", "declared_on": "2026-01-14"}, follow=True
    )
    assert "Ce champ est obligatoire." in text_of(response)
    assert snapshot() == before


def test_a_seat_of_another_pole_is_not_found(
    secretary_client: Client, cb: Pole, proposed: Pole, extra_seat: Seat
) -> None:
    for name in ("seat_edit", "seat_end"):
        assert secretary_client.get(pole_url(name, proposed, pk=extra_seat.pk)).status_code == 404


# --- the compliance warning ---------------------------------------------------------------------------------------

END_WARNING = "Attention : sans ce siège, le pôle ne serait plus conforme à l’article 18."
FORM_WARNING = "Attention : avec cette modification, le pôle ne serait plus conforme à l’article 18."
R3C_FIX = (
    "Il manque un opérateur d’enseignement qualifiant situé dans le bassin et compétent dans la thématique du pôle."
)
R4_FIX = "Il manque au comité de pilotage un représentant de la composante « enseignement »."
CONFIRM_BOX = 'type="checkbox" name="confirm"'


def confirm_box(response: Any) -> str:
    """The confirmation checkbox of the page, which must never come ticked."""
    page = response.content.decode()
    start = page.index(CONFIRM_BOX)
    box = page[page.rindex("<input", 0, start) : page.index(">", start) + 1]
    assert "checked" not in box, box
    return box


def assert_broken_alert(mailoutbox: list[Any], secretary: Any) -> None:
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [secretary.email]
    assert plain(message.subject) == "[Synergies] Le pôle « Compétences de base » n’est plus conforme"
    assert "R3c" in message.body and R3C_FIX in plain(message.body)


def test_ending_the_last_education_seat_warns_and_saves_nothing_until_confirmed(
    secretary_client: Client,
    cb: Pole,
    school_seat: Seat,
    secretary: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    url = pole_url("seat_end", cb, pk=school_seat.pk)
    assert CONFIRM_BOX not in secretary_client.get(url).content.decode()
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        warned = secretary_client.post(url, {"end": "2026-01-15"})
    assert warned.status_code == 200
    text = text_of(warned)
    assert END_WARNING in text
    assert "R3c" in text and R3C_FIX in text
    assert "R4-education" in text and R4_FIX in text
    assert confirm_box(warned)
    assert snapshot() == before
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = secretary_client.post(url, {"end": "2026-01-15", "confirm": "1"}, follow=True)
    assert confirmed.redirect_chain[-1] == (pole_url("body", cb, body=school_seat.body.slug), 302)
    school_seat.refresh_from_db()
    assert school_seat.end == TODAY
    assert AuditEntry.objects.filter(verb="pole.compliance.broken").count() == 1
    assert_broken_alert(mailoutbox, secretary)


def test_editing_the_last_education_seat_away_warns_and_saves_nothing_until_confirmed(
    secretary_client: Client,
    cb: Pole,
    school_seat: Seat,
    secretary: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    url = pole_url("seat_edit", cb, pk=school_seat.pk)
    form = secretary_client.get(url)
    assert form.status_code == 200
    assert CONFIRM_BOX not in form.content.decode()
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        warned = secretary_client.post(url, seat_data(school_seat, end="2026-01-15"))
    assert warned.status_code == 400
    text = text_of(warned)
    assert FORM_WARNING in text
    assert R3C_FIX in text and R4_FIX in text
    assert confirm_box(warned)
    assert snapshot() == before
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = secretary_client.post(url, seat_data(school_seat, end="2026-01-15", confirm="on"), follow=True)
    assert confirmed.redirect_chain[-1] == (pole_url("body", cb, body=school_seat.body.slug), 302)
    school_seat.refresh_from_db()
    assert school_seat.end == TODAY
    assert_broken_alert(mailoutbox, secretary)


def test_a_change_that_breaks_nothing_saves_at_once_and_alerts_nobody(
    secretary_client: Client,
    cb: Pole,
    extra_seat: Seat,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        secretary_client.post(pole_url("seat_edit", cb, pk=extra_seat.pk), seat_data(extra_seat, end="2026-01-15"))
    extra_seat.refresh_from_db()
    assert extra_seat.end == TODAY
    assert mailoutbox == []


# --- bad input through the screens --------------------------------------------------------------------------------


def test_a_seat_ending_before_it_starts_is_refused_next_to_the_field(
    secretary_client: Client, cb: Pole, committee: Body, make_organisation: MakeOrganisation
) -> None:
    organisation = make_organisation("cisp")
    person = affiliated(organisation)
    before = snapshot()
    response = secretary_client.post(
        pole_url("seat_create", cb, body=committee.slug),
        new_seat_data(organisation, person, start="2026-01-15", end="2026-01-10"),
    )
    assert response.status_code == 400
    assert "Un siège ne peut se terminer avant d’avoir commencé." in field_block(response, "end")
    assert snapshot() == before


def test_ending_a_seat_before_it_started_is_refused_next_to_the_field(
    secretary_client: Client, cb: Pole, extra_seat: Seat
) -> None:
    before = snapshot()
    response = secretary_client.post(pole_url("seat_end", cb, pk=extra_seat.pk), {"end": "2025-01-31"})
    assert response.status_code == 200
    assert "Un siège ne peut se terminer avant d’avoir commencé." in field_block(response, "end")
    assert snapshot() == before


def test_a_representative_not_affiliated_to_the_organisation_is_refused_next_to_the_field(
    secretary_client: Client, cb: Pole, committee: Body, make_organisation: MakeOrganisation
) -> None:
    organisation = make_organisation("cisp", name="L’Atelier des Savoirs")
    stranger = PersonFactory.create(first_name="Marc", last_name="Dupont")
    before = snapshot()
    response = secretary_client.post(
        pole_url("seat_create", cb, body=committee.slug), new_seat_data(organisation, stranger)
    )
    assert response.status_code == 400
    assert (
        "Marc Dupont n’est pas affilié·e à « L’Atelier des Savoirs » au 15/01/2026 : "
        "ajoutez d’abord l’affiliation dans l’annuaire." in field_block(response, "representative")
    )
    assert snapshot() == before


def test_the_same_person_twice_in_a_body_is_refused_next_to_the_field(
    secretary_client: Client, cb: Pole, committee: Body, school_seat: Seat, make_organisation: MakeOrganisation
) -> None:
    organisation = make_organisation("adult_education", name="Promotion sociale Centre-Soignies")
    person = school_seat.representative
    AffiliationFactory.create(person=person, organisation=organisation)
    before = snapshot()
    response = secretary_client.post(
        pole_url("seat_create", cb, body=committee.slug), new_seat_data(organisation, person)
    )
    assert response.status_code == 400
    assert (
        "Cette personne occupe déjà un siège de cet organe sur la même période (Athénée royal de Mons)."
        in field_block(response, "representative")
    )
    assert snapshot() == before


def test_a_designation_date_without_its_reference_is_refused_next_to_the_field(
    secretary_client: Client, cb: Pole, committee: Body, make_organisation: MakeOrganisation
) -> None:
    organisation = make_organisation("cisp")
    person = affiliated(organisation)
    before = snapshot()
    response = secretary_client.post(
        pole_url("seat_create", cb, body=committee.slug),
        new_seat_data(organisation, person, designation_reference=""),
    )
    assert response.status_code == 400
    assert "Une désignation par l’Instance porte la référence de sa décision (R2)." in field_block(
        response, "designation_reference"
    )
    assert snapshot() == before


def test_a_substitute_who_is_the_representative_is_refused_next_to_the_field(
    secretary_client: Client, cb: Pole, committee: Body, make_organisation: MakeOrganisation
) -> None:
    organisation = make_organisation("cisp")
    person = affiliated(organisation)
    before = snapshot()
    response = secretary_client.post(
        pole_url("seat_create", cb, body=committee.slug), new_seat_data(organisation, person, substitute=person.pk)
    )
    assert response.status_code == 400
    assert "Le ou la suppléant·e doit être une autre personne que le ou la représentant·e." in field_block(
        response, "substitute"
    )
    assert snapshot() == before


def test_an_unreadable_date_is_refused_next_to_the_field(
    secretary_client: Client, cb: Pole, committee: Body, make_organisation: MakeOrganisation
) -> None:
    organisation = make_organisation("cisp")
    before = snapshot()
    response = secretary_client.post(
        pole_url("seat_create", cb, body=committee.slug),
        new_seat_data(organisation, affiliated(organisation), start="31/02/2026"),
    )
    assert response.status_code == 400
    assert "Saisissez une date valide." in field_block(response, "start")
    assert snapshot() == before


# --- an expired pôle is read-only (R7) ----------------------------------------------------------------------------


def test_an_expired_pole_refuses_new_seats_in_french(
    cb: Pole, committee: Body, secretary: Any, make_organisation: MakeOrganisation, frozen: Any
) -> None:
    organisation = make_organisation("cisp")
    person = affiliated(organisation)
    frozen.move_to("2028-03-15")
    before = snapshot()
    response = log_in(Client(), secretary).post(
        pole_url("seat_create", cb, body=committee.slug), new_seat_data(organisation, person, start="2028-03-15")
    )
    assert response.status_code == 400
    assert "Le pôle « Compétences de base » est expiré" in text_of(response)
    assert snapshot() == before


# --- the demo -----------------------------------------------------------------------------------------------------


def demo_counts() -> dict[str, int]:
    models: list[Any] = [Pole, Body, Mandate, Evaluation, Modalities, Seat, InterestDeclaration, Person]
    return {model.__name__: model.objects.count() for model in models}


class TestTheDemo:
    """`load_demo` builds « Compétences de base » and « Construction » through the services, on the real calendar."""

    @pytest.fixture
    def frozen(self) -> Iterator[None]:
        yield None

    @pytest.fixture(scope="class")
    @classmethod
    def loaded(cls, django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
        """Loaded once for the class, in a transaction rolled back at its end; each test has its own savepoint."""
        with django_db_blocker.unblock(), transaction.atomic():
            call_command("load_demo", stdout=StringIO())
            yield None
            transaction.set_rollback(True)

    @pytest.fixture
    def demo(self, loaded: None, db: Any) -> dict[str, Pole]:
        return {pole.code: pole for pole in Pole.objects.filter(basin__code="hainaut-centre")}

    def test_cb_is_a_transversal_pole_renewed_twice(self, demo: dict[str, Pole]) -> None:
        cb = demo["CB"]
        assert (cb.name, cb.theme_kind, cb.transversal_reference) == (
            "Compétences de base",
            Pole.ThemeKind.TRANSVERSAL,
            "IB-HC/2018/12",
        )
        mandates = list(cb.mandates.order_by("number").select_related("evaluation"))
        assert [(m.number, m.start, m.end) for m in mandates] == [
            (1, datetime.date(2019, 3, 1), datetime.date(2022, 2, 28)),
            (2, datetime.date(2022, 3, 1), datetime.date(2025, 2, 28)),
            (3, datetime.date(2025, 3, 1), datetime.date(2028, 2, 29)),
        ]
        assert [m.evaluation.verdict for m in mandates] == ["renewed", "renewed", "pending"]
        assert all(m.evaluation.is_complete for m in mandates[:2])
        assert list(cb.modalities.values_list("version", flat=True)) == [3, 2, 1]  # v3 adopted by the decisions demo

    def test_cb_has_its_committee_and_two_working_groups(self, demo: dict[str, Pole]) -> None:
        cb = demo["CB"]
        committee = cb.bodies.get(kind=Body.Kind.STEERING_COMMITTEE)
        assert committee.seats.count() == 19
        assert committee.seats.get(role=Seat.Role.CHAIR).organisation.type == "secondary_school"  # type: ignore[union-attr]
        groups = list(cb.bodies.filter(kind=Body.Kind.WORKING_GROUP).order_by("name"))
        assert [g.name for g in groups] == ["Outils numériques", "Savoir-être et employeurs"]
        assert all(g.seats.count() == 5 for g in groups)

    def test_cb_is_compliant_and_co_is_not(self, client: Client, demo: dict[str, Pole]) -> None:
        from synergies.poles.compliance import compliance_of

        assert compliance_of(demo["CB"]).compliant
        co = compliance_of(demo["CO"])
        assert not co.compliant
        assert {"R3c", "R4-education"} <= co.failing_ids()
        assert "✓ conforme" in text_of(client.get(demo["CB"].get_absolute_url()))
        assert "✗ non conforme" in text_of(client.get(demo["CO"].get_absolute_url()))
        listing = text_of(client.get(reverse("poles:list")))
        assert "Compétences de base" in listing and "Construction et rénovation énergétique" in listing

    def test_co_is_founded_on_a_theme_of_the_report(self, demo: dict[str, Pole]) -> None:
        co = demo["CO"]
        assert co.theme_kind == Pole.ThemeKind.THEME
        assert co.theme is not None and co.theme.title.startswith("Construction")
        assert co.mandates.get().end == datetime.date(2026, 12, 31)

    def test_the_demo_member_chairs_cb_and_enters_its_members_area(self, demo: dict[str, Pole]) -> None:
        from synergies.accounts.models import User

        member = User.objects.get(email__startswith="membre@")
        assert log_in(Client(), member).get(pole_url("members", demo["CB"])).status_code == 200
        assert log_in(Client(), member).get(pole_url("members", demo["CO"])).status_code == 403

    def test_loading_the_demo_twice_changes_nothing(self, demo: dict[str, Pole]) -> None:
        first = demo_counts()
        call_command("load_demo", stdout=StringIO())
        assert demo_counts() == first
        assert first["Pole"] == 2
        assert first["Mandate"] == 4
