"""factory_boy factories shared by the tests of every app."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.contrib.auth import get_user_model

from synergies.basins.models import Basin, Commune
from synergies.directory.models import Affiliation, Organisation, Person, Site


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="fr_BE")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @classmethod
    def _after_postgeneration(cls, instance: Any, create: bool, results: Any = None) -> None:
        if create:
            instance.save()


def _hainaut_centre() -> Basin:
    return Basin.objects.get_or_create(code="hainaut-centre", defaults={"name": "Hainaut-Centre"})[0]


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    basin = factory.LazyFunction(_hainaut_centre)
    name = factory.Sequence(lambda n: f"Organisation {n:05d}")
    slug = factory.Sequence(lambda n: f"organisation-{n:05d}")
    type = "cisp"


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    organisation = factory.SubFactory(OrganisationFactory)
    commune = factory.LazyFunction(lambda: Commune.objects.order_by("?").first())
    is_main = True


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    basin = factory.LazyFunction(_hainaut_centre)
    first_name = factory.Faker("first_name", locale="fr_BE")
    last_name = factory.Faker("last_name", locale="fr_BE")
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    function = "Formateur·rice"


class PoleFactory(factory.django.DjangoModelFactory):
    """A transversal pôle of Hainaut-Centre; its steering committee is created by the `create_pole` service only,
    so use `poles.services.create_pole` when the committee matters, or BodyFactory."""

    class Meta:
        model = "poles.Pole"

    basin = factory.LazyFunction(_hainaut_centre)
    name = factory.Sequence(lambda n: f"Pôle {n:03d}")
    code = factory.Sequence(lambda n: f"P{n:03d}")
    theme_kind = "transversal"
    transversal_reference = "IB-2019-01"
    transversal_date = factory.LazyFunction(lambda: datetime.date(2019, 1, 15))


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "poles.Mandate"

    pole = factory.SubFactory(PoleFactory)
    number = 1
    start = factory.LazyFunction(lambda: datetime.date(2025, 3, 1))
    end = factory.LazyFunction(lambda: datetime.date(2028, 2, 28))
    decision_reference = "IB-2025-03"
    decision_date = factory.LazyFunction(lambda: datetime.date(2025, 2, 15))


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "poles.Body"

    pole = factory.SubFactory(PoleFactory)
    kind = "steering_committee"
    name = "Comité de pilotage"
    slug = factory.Sequence(lambda n: f"organe-{n}")


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "poles.Seat"

    body = factory.SubFactory(BodyFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    origin = "instance"
    role = "member"
    start = factory.LazyFunction(lambda: datetime.date(2025, 3, 1))
    designation_reference = "IB-2025-04"
    designation_date = factory.LazyFunction(lambda: datetime.date(2025, 2, 20))
