import factory
from django.contrib.auth import get_user_model

from cercle.organisations.enums import OrganisationKind, Role
from cercle.organisations.models import Membership, Organisation

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    display_name = factory.Faker("name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    is_staff = True


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Commune numéro {n}")
    slug = factory.Sequence(lambda n: f"commune-{n}")
    kind = OrganisationKind.COMMUNE
    population = 12_000


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.AGENT


def referent_of(organisation, **kwargs):
    return MembershipFactory(organisation=organisation, role=Role.REFERENT, **kwargs).user


def agent_of(organisation, **kwargs):
    return MembershipFactory(organisation=organisation, role=Role.AGENT, **kwargs).user
