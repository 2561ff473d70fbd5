"""The event registration's state machine (recruitment/workflows.py) guards every registration service.
Its steps are taken by the public form, the check-in station and admin actions, not by buttons on a
page of the registration: the matrix checks the services."""

from __future__ import annotations

import itertools

import pytest

from recruitment import services
from recruitment.models import Registration
from recruitment.workflows import REGISTRATION
from tests.recruitment.factories import EventFactory
from tests.workflow_matrix import assert_buttons_and_services_follow_the_table
from xingtai_jobs.core.errors import DomainError

pytestmark = pytest.mark.django_db
S = Registration.Status


def test_every_registration_service_follows_the_table(city_officer):
    event = EventFactory(capacity=1000)
    numbers = itertools.count(1)

    def make(state: str, step: str) -> Registration:
        n = next(numbers)
        reg = services.registration_create(event_id=event.pk, name=f"求职者{n}", phone=f"139{n:08d}",
                                           education="bachelor", wanted_occupation="会计")
        Registration.objects.filter(pk=reg.pk).update(status=state)
        return Registration.objects.get(pk=reg.pk)

    def call(step: str, reg: Registration):
        reg = Registration.objects.select_related("event").get(pk=reg.pk)
        if step == "cancel":
            return services.registration_cancel(registration=reg, actor=city_officer)
        return services.registration_check_in(registration=reg, actor=city_officer)

    counts = assert_buttons_and_services_follow_the_table(
        REGISTRATION, steps=["cancel", "check_in"], make=make, page=None, button=lambda s, r: "", call=call,
        state_of=lambda r: Registration.objects.get(pk=r.pk).status)
    assert counts == {"shown": 0, "hidden": 0, "done": 3, "refused": 3}


def test_a_checked_in_registration_cannot_be_cancelled(city_officer):
    event = EventFactory(capacity=10)
    reg = services.registration_create(event_id=event.pk, name="求职者", phone="13900000001", education="bachelor",
                                       wanted_occupation="会计")
    services.registration_check_in(registration=reg, actor=city_officer)
    with pytest.raises(DomainError) as info:
        services.registration_cancel(registration=Registration.objects.get(pk=reg.pk), actor=city_officer)
    assert info.value.code == "conflict"
    assert Registration.objects.get(pk=reg.pk).status == S.CONFIRMED


def test_a_waitlisted_ticket_is_not_checked_in(city_officer):
    event = EventFactory(capacity=0)
    reg = services.registration_create(event_id=event.pk, name="求职者", phone="13900000002", education="bachelor",
                                       wanted_occupation="会计")
    assert reg.status == S.WAITLISTED
    with pytest.raises(DomainError) as info:
        services.registration_check_in(registration=reg, actor=city_officer)
    assert info.value.code == "conflict"
    assert Registration.objects.get(pk=reg.pk).checked_in_at is None
