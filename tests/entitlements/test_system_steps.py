"""The entitlement machine's steps without a button, walked state by state with the kernel's matrix
(tests/workflow_matrix.py): the services (return, resubmit, reject, revoke) refuse every state the
table does not allow with ``conflict``; the monthly fast path (start, end: set-based) moves exactly
the rows in the step's source states and leaves the others alone."""

from __future__ import annotations

import datetime as dt

import pytest

from entitlements import services
from entitlements.models import Entitlement
from entitlements.workflows import ENTITLEMENT
from tests.entitlements.conftest import certify, contract, month, pay, person
from tests.factories import EnterpriseFactory, UserFactory, make_uscc
from tests.pg import require_postgres  # noqa: F401 - a fixture
from tests.workflow_matrix import assert_system_steps_follow_the_table
from xingtai_jobs.core.models import User

pytestmark = pytest.mark.django_db
SEQ = iter(range(10_000))


def _maker(region, *, ends_on=None):
    round_ = services.round_for("si_hardship", 2024)

    def make(state: str, step: str) -> Entitlement:
        n = next(SEQ)
        ent = EnterpriseFactory(uscc=make_uscc(8000 + n), region=region)
        UserFactory(username=f"ent_walk_{n}", role=User.Role.ENTERPRISE_USER, enterprise=ent)
        p = person(region=region)
        certify(p)
        c = contract(p, ent, dt.date(2024, 1, 1), ends_on, kind="fixed" if ends_on else "open_ended")
        pay(p, ent, month(2024, 7))
        return Entitlement.objects.create(
            round=round_, scheme_code="si_hardship", enterprise=ent, region=region, person=p, contract=c,
            basis_key=f"contract:{c.pk}", start_month=month(2024, 7), max_months=36, eligible=True, state=state,
            first_approved_on=dt.date(2024, 7, 1) if state in ("approved", "running", "ended") else None,
            schedule={"clock_end": "max_months"})

    return round_, make


def _state(ent: Entitlement) -> str:
    return Entitlement.objects.get(pk=ent.pk).state


def test_the_review_services_follow_the_table(region_a, county_officer):
    _round, make = _maker(region_a)

    def call(step: str, ent: Entitlement):
        if step == "resubmit":
            return services.entitlement_resubmit(entitlement=ent, actor=ent.enterprise.users.get(), note="补充材料")
        service = {"return": services.entitlement_return, "reject": services.entitlement_reject,
                   "revoke": services.entitlement_revoke}[step]
        kw = {"return": "message"}.get(step, "reason")
        return service(entitlement=ent, actor=county_officer, **{kw: "说明"})

    counts = assert_system_steps_follow_the_table(ENTITLEMENT, steps=["return", "resubmit", "reject", "revoke"], make=make,
                                                  call=call, state_of=_state)
    assert counts["done"] == 1 + 1 + 1 + 2 and counts["refused"] == 4 * len(Entitlement.State.values) - 5


@pytest.mark.postgres_only
@pytest.mark.usefixtures("require_postgres")
@pytest.mark.parametrize(("step", "ends_on"), [("start", None), ("end", dt.date(2024, 5, 31))])
def test_the_monthly_fast_path_moves_only_the_source_states(region_a, step, ends_on):
    round_, make = _maker(region_a, ends_on=ends_on)

    def call(_step: str, ent: Entitlement):
        return services.compute_month(round_=round_, month=month(2024, 7))

    counts = assert_system_steps_follow_the_table(ENTITLEMENT, steps=[step], make=make, call=call, state_of=_state)
    assert counts["done"] == len(ENTITLEMENT.step(step).sources)
    assert counts["left alone"] == len(Entitlement.State.values) - counts["done"]
