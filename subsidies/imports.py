"""The bank's result file for a payout batch: reference, amount, result, reason (all or nothing)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from subsidies.models import PayoutItem
from xingtai_jobs.core.imports import Column, ImportSpec, parse_money


def parse_result(text: str) -> bool:
    value = text.strip().lower()
    if value in {"paid", "success", "成功", "已支付", "1"}:
        return True
    if value in {"failed", "fail", "失败", "0"}:
        return False
    raise ValueError(_("Write paid/成功 or failed/失败."))


class BankResultSpec(ImportSpec):
    title = gettext_lazy("bank result")
    key = ("reference",)
    columns = [
        Column("reference", "业务参考号", str.strip, True, "SJR2024-R1-01-1-1"),
        Column("amount", "金额", parse_money, True, "7200.00"),
        Column("paid", "结果", parse_result, True, "成功"),
        Column("reason", "失败原因", str, False, "账户已销户"),
    ]

    def __init__(self, *, batch):
        self.batch = batch

    def prepare(self) -> None:
        self.items = dict(
            PayoutItem.objects.filter(batch=self.batch).values_list("reference", "amount")
        )
        self.pending = set(
            PayoutItem.objects.filter(batch=self.batch, status=PayoutItem.Status.PENDING).values_list("reference", flat=True)
        )
        self.paid = 0
        self.failed = 0

    def check_row(self, row, add_error) -> None:
        ref = row.get("reference")
        if ref not in self.items:
            add_error("reference", _("Unknown reference: it is not in batch %(batch)s.") % {"batch": self.batch.reference})
            return
        if ref not in self.pending:
            add_error("reference", _("This item was already reconciled."))
        if row.get("amount") is not None and row["amount"] != self.items[ref]:
            add_error("amount", _("The amount %(got)s differs from the batch amount %(want)s.") % {"got": row["amount"], "want": self.items[ref]})
        if row.get("paid") is False and not (row.get("reason") or "").strip():
            add_error("reason", _("Give the bank's reason for a failed payment."))

    def write_chunk(self, rows):
        from subsidies.services import payout_items_reconcile

        n, _u = payout_items_reconcile(batch=self.batch, rows=rows)
        self.paid += sum(1 for r in rows if r["paid"])
        self.failed += sum(1 for r in rows if not r["paid"])
        return 0, n

    def after_write(self, report, actor=None) -> None:
        from subsidies.services import payout_batch_after_reconcile

        payout_batch_after_reconcile(batch=self.batch, actor=actor, summary={"paid": self.paid, "failed": self.failed})
