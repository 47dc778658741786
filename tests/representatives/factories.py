from datetime import date, timedelta

import factory

from representatives.models import Region, Representative, UserGroup
from tests.factories import UserFactory


class UserGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserGroup

    name = factory.Sequence(lambda n: f"Python User Group {n}")
    slug = factory.Sequence(lambda n: f"pug-{n}")
    city = "Berlin"
    country = "DE"


class RepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representative

    user = factory.SubFactory(UserFactory)
    region = factory.LazyFunction(lambda: Region.objects.get(slug="europe"))
    role_title = "Regional representative"
    term_start = factory.LazyFunction(lambda: date.today() - timedelta(days=100))
    status = Representative.Status.ACTIVE
    bio = "Organises PyData meetups."
