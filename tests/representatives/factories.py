import factory

from representatives.models import UserGroup


class UserGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserGroup

    name = factory.Sequence(lambda n: f"Python User Group {n}")
    slug = factory.Sequence(lambda n: f"pug-{n}")
    city = "Berlin"
    country = "DE"
