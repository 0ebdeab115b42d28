"""Organisations and people: 10 people per organisation, some in two organisations."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from bench.harness import Page
from cercle.organisations.enums import OrganisationKind, Role
from cercle.organisations.models import Membership, Organisation

KINDS = [k for k in OrganisationKind.values if k != OrganisationKind.VENDOR]


def build(ctx):
    n = ctx.organisations
    vendor = Organisation.objects.create(
        name="Éditeur", slug="editeur", kind=OrganisationKind.VENDOR
    )
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Collectivité {i:05d}",
            slug=f"collectivite-{i:05d}",
            kind=KINDS[i % len(KINDS)],
            population=1_000 + (i * 7919) % 500_000,
        )
        for i in range(n)
    )
    organisations = list(Organisation.objects.exclude(pk=vendor.pk).order_by("pk"))
    password = make_password("bench")
    user_model = get_user_model()
    user_model.objects.bulk_create(
        user_model(email=f"p{i}@bench.test", display_name=f"Personne {i}", password=password)
        for i in range(n * 10)
    )
    people = list(user_model.objects.order_by("pk"))
    memberships = [
        Membership(
            user=person,
            organisation=organisations[i // 10],
            role=Role.REFERENT if i % 10 == 0 else Role.AGENT,
        )
        for i, person in enumerate(people)
    ]
    # Every 25th person also belongs to the next organisation (a city and its syndicate).
    memberships += [
        Membership(user=person, organisation=organisations[(i // 10 + 1) % n], role=Role.AGENT)
        for i, person in enumerate(people)
        if i % 25 == 3
    ]
    Membership.objects.bulk_create(memberships, batch_size=2000)
    staff = user_model.objects.create(
        email="staff@bench.test", display_name="Staff", is_staff=True, password=password
    )
    Membership.objects.create(user=staff, organisation=vendor, role=Role.REFERENT)
    ctx.data.update(
        organisation=organisations[n // 2],
        referent=people[(n // 2) * 10],
        agent=people[(n // 2) * 10 + 1],
        staff=staff,
    )


def pages(ctx):
    organisation = ctx.data["organisation"]
    return [
        Page("home", "/"),
        Page("organisation directory", "/organisations/"),
        Page("organisation page", organisation.get_absolute_url()),
        Page(
            "organisation members (référent)",
            f"/organisations/{organisation.slug}/membres/",
            ctx.data["referent"],
        ),
    ]
