"""The subsidy item's and the payout batch's state machines (subsidies/workflows.py) decide the staff
and enterprise pages' buttons and the services."""

from __future__ import annotations

from decimal import Decimal

import pytest

from subsidies import services
from subsidies.models import Application, PayoutBatch, PublicNotice
from subsidies.workflows import BATCH, ITEM, NOTICE
from tests.factories import UserFactory
from tests.subsidies.factories import eligible_enterprise
from tests.workflow_matrix import assert_buttons_and_services_follow_the_table
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import User

pytestmark = pytest.mark.django_db
S = Application.State
PAGE_STEPS = ["review", "return", "resubmit", "approve", "reject"]


@pytest.fixture
def item_matrix(round_, city_officer, login, region_a):
    staff = login(city_officer)
    users: dict[int, User] = {}

    def make(state: str, step: str) -> Application:
        ent = eligible_enterprise(region=region_a)
        user = UserFactory(username=f"ent_{ent.pk}", role=User.Role.ENTERPRISE_USER, enterprise=ent)
        services.bank_account_confirm(enterprise=ent, actor=user, account_name=ent.name, bank_name="工行",
                                      account_number="6222020400001234567")
        users[ent.pk] = user
        return Application.objects.create(round=round_, enterprise=ent, region=ent.region, origin="application",
                                          state=state, staff_message="请补充劳动合同")

    def page(step: str, app: Application) -> str:
        if step == "resubmit":
            from django.test import Client

            own = Client()
            own.force_login(users[app.enterprise_id])
            return own.get(f"/enterprise/subsidies/{app.pk}/").content.decode()
        return staff.get(f"/staff/subsidies/items/{app.pk}/").content.decode()

    def button(step: str, app: Application) -> str:
        return 'id="resubmit"' if step == "resubmit" else f'name="action" value="{step}"'

    def call(step: str, app: Application):
        app = Application.objects.get(pk=app.pk)
        return {
            "review": lambda: services.application_review_start(app=app, actor=city_officer),
            "return": lambda: services.application_return(app=app, actor=city_officer, message="请补充劳动合同"),
            "resubmit": lambda: services.application_resubmit(app=app, actor=users[app.enterprise_id], note="已补充"),
            "approve": lambda: services.application_approve(app=app, actor=city_officer),
            "reject": lambda: services.application_reject(app=app, actor=city_officer, reason="经核查存在违规裁员"),
        }[step]()

    return {"make": make, "page": page, "button": button, "call": call,
            "state_of": lambda app: Application.objects.get(pk=app.pk).state}


def test_every_item_button_and_service_follow_the_item_table(item_matrix):
    counts = assert_buttons_and_services_follow_the_table(ITEM, steps=PAGE_STEPS, **item_matrix)
    allowed = sum(len(ITEM.step(s).sources) for s in PAGE_STEPS)
    assert counts["shown"] == counts["done"] == allowed == 6
    assert counts["hidden"] == counts["refused"] == len(PAGE_STEPS) * len(S.values) - allowed


def test_staff_of_another_region_get_no_button_and_are_refused(round_, other_county_officer, login, region_a):
    ent = eligible_enterprise(region=region_a)
    app = Application.objects.create(round=round_, enterprise=ent, region=ent.region, origin="application",
                                     state=S.APPLIED)
    assert not ITEM.available(other_county_officer, app)
    with pytest.raises(DomainError) as info:
        services.application_review_start(app=app, actor=other_county_officer)
    assert info.value.code == "forbidden"
    assert Application.objects.get(pk=app.pk).state == S.APPLIED


def _batch_with_items(round_, *, state: str, reference: str, amounts=("7200.00", "3600.00")) -> PayoutBatch:
    """A batch in ``state`` with one pending payout line per amount, each on an item in the batch."""
    from subsidies.models import PayoutItem

    batch = PayoutBatch.objects.create(round=round_, reference=reference, status=state, item_count=len(amounts),
                                       total=sum(Decimal(a) for a in amounts))
    for n, amount in enumerate(amounts, start=1):
        ent = eligible_enterprise(name=f"{reference}企业{n}")
        app = Application.objects.create(round=round_, enterprise=ent, region=ent.region, origin="application",
                                         state=S.IN_BATCH, amount=Decimal(amount), attempts=1)
        PayoutItem.objects.create(batch=batch, application=app, enterprise=ent, beneficiary_key=f"E{ent.pk}",
                                  scheme=round_.scheme, period=round_.assessment_year, attempt=1,
                                  reference=f"{reference}-{n}", amount=Decimal(amount), payee_name=ent.name,
                                  bank_name="中国工商银行邢台分行", account_number=f"62220212345678{n:02d}")
    return batch


def bank_result_xlsx(path, rows) -> str:
    """The bank's result file, filled in as the bank sends it (header, then one row per line)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["业务参考号", "金额", "结果", "失败原因"])
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return str(path)


@pytest.fixture
def batch_matrix(round_, city_officer, login, tmp_path):
    client = login(city_officer)
    imported = []

    def make(state: str, step: str) -> PayoutBatch:
        from subsidies.models import PayoutItem

        PayoutItem.objects.all().delete()
        PayoutBatch.objects.all().delete()
        if step == "import":  # real lines for the bank's result to reconcile
            return _batch_with_items(round_, state=state, reference=f"B-{state}-{step}")
        return PayoutBatch.objects.create(round=round_, reference=f"B-{state}-{step}", status=state, item_count=1,
                                          total=Decimal("7200.00"))

    def call(step: str, batch: PayoutBatch):
        batch = PayoutBatch.objects.get(pk=batch.pk)
        if step == "fill":
            return services.payout_batch_fill(batch_id=batch.pk, actor=city_officer)
        if step == "lock":
            return services.payout_batch_lock(batch=batch, actor=city_officer)
        if step == "export":
            return list(services.payout_batch_export_rows(batch=batch, actor=city_officer))
        # the bank paid the first line; the second is still open, so the batch stays locked (the
        # "reconciled" step is the one that ends it)
        path = bank_result_xlsx(tmp_path / "result.xlsx", [(f"{batch.reference}-1", 7200, "成功", None)])
        report = services.bank_result_import(batch=batch, path=path, actor=city_officer)
        assert report.ok, report.as_text()
        assert (report.rows, report.updated) == (1, 1)
        first = batch.items.get(reference=f"{batch.reference}-1")
        assert first.status == "paid" and first.application.state == S.PAID
        assert batch.items.get(reference=f"{batch.reference}-2").status == "pending"
        imported.append(batch.pk)
        return report

    def button(step: str, batch: PayoutBatch) -> str:
        if step == "export":
            return f'href="/staff/subsidies/batches/{batch.pk}/bank-file.xlsx"'
        return f'name="action" value="{step}"'

    return {"make": make, "call": call, "button": button, "imported": imported,
            "page": lambda step, b: client.get(f"/staff/subsidies/batches/{b.pk}/").content.decode(),
            "state_of": lambda b: PayoutBatch.objects.get(pk=b.pk).status}


def test_every_batch_button_and_service_follow_the_batch_table(batch_matrix):
    imported = batch_matrix.pop("imported")
    steps = ["fill", "lock", "export", "import"]
    counts = assert_buttons_and_services_follow_the_table(BATCH, steps=steps, **batch_matrix)
    assert counts == {"shown": 4, "hidden": 8, "done": 4, "refused": 8}
    assert len(imported) == 1  # the import step really imported a filled file once (from the locked state)


def test_a_bank_result_for_every_line_reconciles_the_batch(round_, city_officer, tmp_path):
    batch = _batch_with_items(round_, state=PayoutBatch.Status.LOCKED, reference="B-ALL")
    path = bank_result_xlsx(tmp_path / "all.xlsx", [("B-ALL-1", "7200.00", "成功", None),
                                                    ("B-ALL-2", 3600, "失败", "账户已销户")])
    report = services.bank_result_import(batch=batch, path=path, actor=city_officer)
    assert report.ok, report.as_text()
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.RECONCILED and batch.reconciled_at is not None
    paid, failed = batch.items.order_by("reference")
    assert (paid.status, failed.status, failed.failure_reason) == ("paid", "failed", "账户已销户")
    assert paid.application.state == S.PAID and failed.application.state in (S.PAYABLE, S.MANUAL)


def test_a_bad_bank_result_row_imports_nothing(round_, city_officer, tmp_path):
    batch = _batch_with_items(round_, state=PayoutBatch.Status.LOCKED, reference="B-BAD")
    path = bank_result_xlsx(tmp_path / "bad.xlsx", [("B-BAD-1", "7200.00", "成功", None),
                                                    ("B-BAD-2", "3600.01", "成功", None),  # not the batch amount
                                                    ("B-NOPE-9", "1.00", "成功", None)])  # not in the batch
    report = services.bank_result_import(batch=batch, path=path, actor=city_officer)
    assert not report.ok and sorted(e.line for e in report.errors) == [3, 4]
    assert not batch.items.exclude(status="pending").exists()
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.LOCKED


def test_an_empty_draft_batch_offers_no_lock_button(round_, city_officer, login):
    """The page offered 锁定 on an empty draft batch, which the service refused: it follows the table."""
    batch = PayoutBatch.objects.create(round=round_, reference="B-EMPTY", status=PayoutBatch.Status.DRAFT)
    html = login(city_officer).get(f"/staff/subsidies/batches/{batch.pk}/").content.decode()
    assert 'value="lock"' not in html and 'value="fill"' in html
    with pytest.raises(DomainError, match="只能锁定有条目的草稿批次") as info:  # the page switched the thread to Chinese
        services.payout_batch_lock(batch=batch, actor=city_officer)
    assert info.value.code == "conflict"


def test_a_closed_notice_offers_no_objection_form_and_refuses_one(round_, region_a):
    import datetime as dt

    ent = eligible_enterprise(region=region_a)
    notice = PublicNotice.objects.create(round=round_, title="公示", published_on=dt.date(2024, 11, 1),
                                         closes_on=dt.date(2024, 11, 8), working_days=5,
                                         status=PublicNotice.Status.CLOSED)
    app = Application.objects.create(round=round_, enterprise=ent, region=ent.region, origin="application",
                                     state=S.PAYABLE, notice=notice)
    assert not NOTICE.may("object", None, notice)
    with pytest.raises(DomainError, match="objection period") as info:
        services.objection_file(notice=notice, app_id=app.pk, name="张三", phone="13812345678",
                                text="该企业去年有大量裁员情况，请核查。")
    assert info.value.code == "conflict"


def test_an_objection_on_an_item_that_left_the_notice_cannot_be_upheld_into_a_rejection(round_, city_officer,
                                                                                        region_a):
    """Upholding moves the item through the table's guard: an item already payable (the notice closed
    and its objection was dismissed meanwhile) is not rejected behind the bureau's back."""
    import datetime as dt

    from subsidies.models import Objection

    ent = eligible_enterprise(region=region_a)
    notice = PublicNotice.objects.create(round=round_, title="公示", published_on=dt.date(2024, 11, 1),
                                         closes_on=dt.date(2024, 11, 8), working_days=5)
    app = Application.objects.create(round=round_, enterprise=ent, region=ent.region, origin="application",
                                     state=S.PAYABLE, notice=notice)
    objection = Objection.objects.create(notice=notice, application=app, region=ent.region, name="张三",
                                         phone="13812345678", text="该企业去年有大量裁员情况。")
    with pytest.raises(DomainError) as info:
        services.objection_resolve(objection=objection, actor=city_officer, upheld=True, resolution="经核查属实")
    assert info.value.code == "conflict"
    assert Application.objects.get(pk=app.pk).state == S.PAYABLE
    assert Objection.objects.get(pk=objection.pk).status == Objection.Status.OPEN  # rolled back with the step
