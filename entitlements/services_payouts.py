"""The money path of the entitlements: computed lines of approved entitlements are grouped per
beneficiary and payout period (monthly or quarterly, a round parameter) into one subsidies item
each (``Application``, basis ``period:YYYY-MM``, origin ``entitlement``), entering at ``approved``
because the entitlement's approval is the only human decision. From there the subsidies path
(public notice → payable → batch → bank file → reconciliation) pays it; the lines' states follow
the item's (``sync_line_states``, on every move of the item machine)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from entitlements.models import Entitlement, EntitlementLine
from entitlements.policy import PAYOUT_PERIODS
from entitlements.rules import ym
from subsidies.models import Application, SchemeRound
from subsidies.rules import rule_for
from subsidies.selectors import bank_account_for
from xingtai_jobs.core import clock
from xingtai_jobs.core.audit import audit
from xingtai_jobs.core.retirement import add_months

S = Entitlement.State
L = EntitlementLine.State
A = Application.State
PAYING = (S.APPROVED, S.RUNNING, S.ENDED)

# the item's state → its lines' state (a payable item that has been tried: failed, waiting for the retry)
LINE_STATE: dict[str, str] = {A.APPROVED: L.COMPUTED, A.NOTICED: L.NOTICED, A.HELD: L.NOTICED, A.PAYABLE: L.PAYABLE, A.IN_BATCH: L.IN_BATCH,
              A.PAID: L.PAID, A.MANUAL: L.MANUAL, A.REJECTED: L.MANUAL}


def period_start(month: dt.date, size: int) -> dt.date:
    return dt.date(month.year, (month.month - 1) // size * size + 1, 1)


@transaction.atomic
def group_lines(*, round_: SchemeRound, through: dt.date | None = None, actor=None) -> list[Application]:
    """Group the round's computed lines of approved (running, ended) entitlements whose payout
    period is complete by ``through`` into one item per beneficiary and period. A period whose item
    has already left ``approved`` (published) takes no more lines: late lines go to the next
    period's item. The round row lock serialises two groupers; rerunning groups nothing twice."""
    from entitlements.services import _refuse_item_round, effective_through

    _refuse_item_round(round_)

    round_ = SchemeRound.objects.select_for_update().select_related("scheme").get(pk=round_.pk)
    code = round_.scheme.code
    params = rule_for(code).prepare(round_.parameters)
    size = PAYOUT_PERIODS[str(params["payout_period"])]
    through = effective_through(code, through or clock.today())
    rows = list(EntitlementLine.objects.select_for_update(of=("self",)).filter(
        entitlement__round=round_, application__isnull=True, state=L.COMPUTED, entitlement__state__in=PAYING)
        .values_list("pk", "month", "amount", "entitlement__enterprise_id", "entitlement__region_id"))
    groups: dict[tuple[int, dt.date], list[tuple[int, Decimal]]] = defaultdict(list)
    regions: dict[int, int] = {}
    for pk, month, amount, enterprise_id, region_id in rows:
        start = period_start(month, size)
        if add_months(start, size - 1) > through:
            continue  # the period is not over: its item is made once every month of it is in
        groups[(enterprise_id, start)].append((pk, amount))
        regions[enterprise_id] = region_id
    existing = {(a.enterprise_id, a.basis_key): a for a in Application.objects.select_for_update().filter(
        round=round_, basis_key__startswith="period:", enterprise_id__in={e for e, _s in groups})}
    touched: dict[int, Application] = {}
    for (enterprise_id, start), lines in sorted(groups.items()):
        p = start
        while (app := existing.get((enterprise_id, f"period:{ym(p)}"))) is not None and app.state != A.APPROVED:
            p = add_months(p, size)
        amount = sum((a for _pk, a in lines), Decimal("0.00"))
        if app is None:
            account = bank_account_for(enterprise_id)
            app = Application.objects.create(
                round=round_, enterprise_id=enterprise_id, region_id=regions[enterprise_id], basis_key=f"period:{ym(p)}",
                origin=Application.Origin.ENTITLEMENT, state=A.APPROVED, eligible=True, amount=amount, base=amount,
                bank_account=account, decided_at=timezone.now(), facts={"period": ym(p), "months": size})
            existing[(enterprise_id, app.basis_key)] = app
        else:
            app.amount += amount
            app.base = app.amount
            app.save(update_fields=["amount", "base", "updated_at"])
        EntitlementLine.objects.filter(pk__in=[pk for pk, _a in lines]).update(application=app, updated_at=timezone.now())
        touched[app.pk] = app
    for app in touched.values():
        summary = EntitlementLine.objects.filter(application=app).aggregate(persons=Count("person", distinct=True), lines=Count("id"))
        app.facts = {**app.facts, **summary}
        app.checks = [{"code": "entitlement", "passed": True, "figure": str(summary["persons"]), "threshold": "",
                       "clause": str(params["clause"]),
                       "explanation": f"{app.basis_key[len('period:'):]} 起 {size} 个月，{summary['persons']} 人 {summary['lines']} 个月份的补贴，"
                                      "按已审核通过的按期补贴逐月核定（一次审批，全期畅领）。"}]
        if app.bank_account_id is None:
            app.bank_account = bank_account_for(enterprise_id=int(app.enterprise_id or 0))
        app.save(update_fields=["facts", "checks", "bank_account", "updated_at"])
        audit("entitlements.lines.grouped", app, actor=actor, region=app.region_id,
              after={"period": app.basis_key, "amount": str(app.amount), **summary})
    return list(touched.values())


def sync_line_states(*, app_ids: Iterable[int] | None = None, queryset=None) -> int:
    """Set the lines' states from their items' (idempotent; one query per state present)."""
    apps = Application.objects.filter(origin=Application.Origin.ENTITLEMENT)
    if app_ids is not None:
        apps = apps.filter(pk__in=list(app_ids))
    elif queryset is not None:
        apps = apps.filter(pk__in=queryset.values("pk"))
    by_target: dict[str, list[int]] = defaultdict(list)
    for pk, state, tried in apps.values_list("pk", "state", "attempts"):
        target = L.FAILED if state == A.PAYABLE and tried > 0 else LINE_STATE.get(state)
        if target is not None:
            by_target[target].append(pk)
    changed = 0
    tries = Subquery(Application.objects.filter(pk=OuterRef("application_id")).values("attempts")[:1])
    for target, pks in by_target.items():
        changed += EntitlementLine.objects.filter(application_id__in=pks).exclude(state=target).update(
            state=target, attempts=tries, updated_at=timezone.now())
    return changed


def on_item_moved(sender, *, pks=None, queryset=None, **kwargs) -> None:
    """Receiver of the kernel's ``workflow.moved``: the lines follow the subsidy item machine."""
    if sender != "subsidies.item":
        return
    sync_line_states(app_ids=pks, queryset=queryset)
