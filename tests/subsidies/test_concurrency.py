"""PostgreSQL concurrency and crash safety of the money path: exactly one winner, nobody paid twice."""

from __future__ import annotations

from decimal import Decimal

import pytest

from subsidies import services
from subsidies.models import Application, PayoutBatch, PayoutItem
from tests.factories import UserFactory
from tests.pg import killed_after, race, require_postgres  # noqa: F401 - require_postgres is a fixture
from tests.subsidies.factories import eligible_enterprise, open_round
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import User

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("require_postgres")]


def _payable(round_, officer, n):
    ents = [eligible_enterprise() for _ in range(n)]
    services.screening_run(round_=round_)
    for ent in ents:
        user = UserFactory(role=User.Role.ENTERPRISE_USER, enterprise=ent)
        services.bank_account_confirm(enterprise=ent, actor=user, account_name=ent.name, bank_name="工行", account_number="6222020400001234567")
        app = services.application_review_start(app=Application.objects.get(enterprise=ent), actor=officer)
        services.application_approve(app=app, actor=officer)
    import datetime as dt

    services.notice_publish(round_=round_, actor=officer, on_date=dt.date(2024, 11, 19))
    services.notices_close_due(on_date=dt.date(2024, 12, 2))
    assert Application.objects.filter(state=Application.State.PAYABLE).count() == n


def test_two_staff_approving_the_same_item_exactly_one_wins(city_officer, county_officer, enterprise, enterprise_user):
    round_ = open_round()
    eligible_enterprise(enterprise=enterprise)
    services.screening_run(round_=round_)
    services.bank_account_confirm(enterprise=enterprise, actor=enterprise_user, account_name=enterprise.name, bank_name="工行",
                                  account_number="6222020400001234567")
    app = services.application_review_start(app=Application.objects.get(), actor=county_officer)
    results = race(lambda: services.application_approve(app=app, actor=city_officer),
                   lambda: services.application_approve(app=app, actor=county_officer))
    wins = [r for r in results if isinstance(r, Application)]
    errors = [r for r in results if isinstance(r, DomainError)]
    assert len(wins) == 1 and len(errors) == 1, results
    assert errors[0].code == "conflict" and "已被他人处理" in str(errors[0])  # threads speak the default language
    assert Application.objects.get().state == Application.State.APPROVED


def test_two_workers_building_a_batch_exactly_one_wins(city_officer):
    round_ = open_round()
    results = race(lambda: services.payout_batch_create(round_=round_, actor=city_officer),
                   lambda: services.payout_batch_create(round_=round_, actor=city_officer))
    assert sum(isinstance(r, PayoutBatch) for r in results) == 1, results
    assert sum(isinstance(r, DomainError) for r in results) == 1, results
    assert PayoutBatch.objects.count() == 1


def test_two_workers_running_the_same_batch_never_pay_twice(city_officer):
    round_ = open_round()
    _payable(round_, city_officer, 30)
    batch = services.payout_batch_create(round_=round_, actor=city_officer)
    results = race(lambda: services.payout_batch_fill(batch_id=batch.pk, chunk_size=1),
                   lambda: services.payout_batch_fill(batch_id=batch.pk, chunk_size=1))
    for r in results:
        assert isinstance(r, PayoutBatch) or (isinstance(r, DomainError) and r.code == "conflict" and "另一进程" in str(r)), results
    services.payout_batch_fill(batch_id=batch.pk)  # whoever lost: finish the run
    assert PayoutItem.objects.count() == 30
    assert PayoutItem.objects.values("application").distinct().count() == 30
    batch.refresh_from_db()
    assert batch.item_count == 30 and batch.total == Decimal("7200.00") * 30
    assert not Application.objects.filter(state=Application.State.PAYABLE).exists()


CRASH_SCRIPT = """
from subsidies.services import payout_batch_fill
while True:
    batch = payout_batch_fill(batch_id={batch_id}, chunk_size=2, max_chunks=1)
    print(batch.item_count, flush=True)
    time.sleep(0.3)
"""


def test_killing_the_worker_mid_run_and_rerunning_pays_everyone_once(city_officer):
    round_ = open_round()
    _payable(round_, city_officer, 20)
    expected_total = sum(Application.objects.filter(state=Application.State.PAYABLE).values_list("amount", flat=True))
    batch = services.payout_batch_create(round_=round_, actor=city_officer)
    killed_after(CRASH_SCRIPT.format(batch_id=batch.pk), 3, timeout=10)
    done_before = PayoutItem.objects.count()
    assert 0 < done_before < 20
    services.payout_batch_fill(batch_id=batch.pk)  # the rerun
    items = PayoutItem.objects.all()
    assert items.count() == 20 and items.values("application").distinct().count() == 20
    batch.refresh_from_db()
    assert batch.item_count == 20 and batch.total == expected_total
    assert sum(items.values_list("amount", flat=True)) == expected_total
