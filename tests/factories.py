"""Factories shared by every app's tests."""

import factory
from django.contrib.auth.models import Group

from legalaid.models import HandlerProfile, MatterCategory, Organisation, User, UserProfile
from legalaid.roles import Role, group_name
from legalaid.vocabulary import HandlerType

PASSWORD = "pw-for-tests-2026"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试法律援助中心{n}")
    kind = Organisation.Kind.COUNTY_CENTRE
    division_code = "340422"
    phone = "0554-4021234"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "张"
    first_name = factory.Sequence(lambda n: f"三{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_member(organisation: Organisation, role: str = Role.CENTRE_STAFF, **user_fields) -> User:
    """A user with a profile in `organisation`, in the group of `role`."""
    user = UserFactory(**user_fields)
    UserProfile.objects.create(user=user, organisation=organisation, role=role, phone="13800138000")
    user.groups.add(Group.objects.get(name=group_name(role)))
    return User.objects.get(pk=user.pk)  # fresh instance: no cached permissions


def make_handler(organisation: Organisation, handler_type: str = HandlerType.PRACTISING_LAWYER, **profile) -> User:
    user = make_member(organisation, Role.HANDLER)
    specialties = profile.pop("specialties", [])
    handler = HandlerProfile.objects.create(user=user, handler_type=handler_type, **profile)
    if specialties:
        handler.specialties.set(MatterCategory.objects.filter(code__in=specialties))
    return user
