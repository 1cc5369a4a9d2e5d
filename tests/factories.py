"""factory_boy factories for the test suite."""

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth import get_user_model

from core.models import Membership, Organization, OrganizationKind

OSLO = ZoneInfo("Europe/Oslo")
_municipality_numbers = itertools.count(9001)


def oslo(year, month, day, hour=0, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=OSLO)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Testkommune {n} kommune")
    kind = OrganizationKind.MUNICIPALITY
    municipality_number = factory.LazyFunction(lambda: f"{next(_municipality_numbers):04d}")
    population = 25000


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Etat {n}")
    kind = OrganizationKind.DIRECTORATE
    municipality_number = ""


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Fornavn{n}")
    last_name = "Etternavn"
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or "pw")
        if create:
            obj.save(update_fields=["password"])


def member(role: str, organization: Organization, **kwargs):
    """A user holding `role` in `organization`."""
    user = UserFactory(**kwargs)
    Membership.objects.create(user=user, organization=organization, role=role)
    return user
