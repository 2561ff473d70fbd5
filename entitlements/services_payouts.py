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
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from enterprises.models import Enterprise
from entitlements.models import Entitlement, EntitlementLine
from entitlements.policy import PAYOUT_PERIODS
from entitlements.rules import ym
from subsidies.models import Application, SchemeRound, beneficiary_key
from subsidies.rules import rule_for
from subsidies.selectors import active_bank_accounts
from xingtai_jobs.core import clock
from xingtai_jobs.core.audit import Entry, audit_many
from xingtai_jobs.core.retirement import add_months

S = Entitlement.State
L = EntitlementLine.State
K = EntitlementLine.Kind
A = Application.State
PAYING = (S.APPROVED, S.RUNNING, S.ENDED)

# the item's state → its lines' state (a payable item that has been tried: failed, waiting for the retry)
LINE_STATE: dict[str, str] = {A.APPROVED: L.COMPUTED, A.NOTICED: L.NOTICED, A.HELD: L.NOTICED, A.PAYABLE: L.PAYABLE, A.IN_BATCH: L.IN_BATCH,
              A.PAID: L.PAID, A.MANUAL: L.MANUAL, A.REJECTED: L.MANUAL}


def period_start(month: dt.date, size: int) -> dt.date:
    return dt.date(month.year, (month.month - 1) // size * size + 1, 1)


LINES_PER_UPDATE = 5000  # lines given their item per UPDATE statement


@transaction.atomic
def group_lines(*, round_: SchemeRound, through: dt.date | None = None, actor=None) -> list[Application]:
    """Group the round's computed lines of approved (running, ended) entitlements whose payout
    period is complete by ``through`` into one item per beneficiary and period. A period whose item
    has already left ``approved`` (published) takes no more lines: late lines go to the next
    period's item. The round row lock serialises two groupers; rerunning groups nothing twice.
    Set-based: a fixed number of queries however many items (the lines, the items there, the bank
    accounts, one INSERT of the new items, one UPDATE of the lines per 5,000, the summaries, one
    UPDATE of the items, one INSERT of the audit entries; pinned in tests/entitlements/test_money_path.py)."""
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
    if not groups:
        return []
    existing: dict[tuple[int, str], Application] = {(int(a.enterprise_id or 0), a.basis_key): a for a in Application.objects.select_for_update().filter(
        round=round_, basis_key__startswith="period:", enterprise_id__in={e for e, _s in groups})}
    # the item each group goes to: its period's while that is still approved, else the next open one
    targets: dict[tuple[int, str], list[tuple[int, Decimal]]] = defaultdict(list)
    for (enterprise_id, start), lines in sorted(groups.items()):
        p = start
        while (app := existing.get((enterprise_id, f"period:{ym(p)}"))) is not None and app.state != A.APPROVED:
            p = add_months(p, size)
        targets[(enterprise_id, f"period:{ym(p)}")].extend(lines)
    accounts = active_bank_accounts({e for (e, key) in targets
                                  if (app := existing.get((e, key))) is None or app.bank_account_id is None})
    now = timezone.now()
    added = {key: sum((a for _pk, a in lines), Decimal("0.00")) for key, lines in targets.items()}
    for held_key, held in existing.items():
        if held_key in targets:
            held.amount += added[held_key]
            held.base = held.amount
    new: list[Application] = []
    for enterprise_id, key in targets:
        if (enterprise_id, key) in existing:
            continue
        period = key[len("period:"):]
        amount = added[(enterprise_id, key)]
        new.append(Application(
            round=round_, enterprise_id=enterprise_id, region_id=regions[enterprise_id], basis_key=key,
            beneficiary_key=beneficiary_key(enterprise_id=enterprise_id, person_id=None),
            origin=Application.Origin.ENTITLEMENT, state=A.APPROVED, eligible=True, amount=amount, base=amount,
            bank_account=accounts.get(enterprise_id), decided_at=now, facts={"period": period, "months": size}))
    if new:
        Application.objects.bulk_create(new)
        for app in new:
            existing[(int(app.enterprise_id or 0), app.basis_key)] = app
    touched = {key: existing[key] for key in targets}
    enterprises = Enterprise.objects.in_bulk({e for e, _k in touched})
    for (enterprise_id, _key), app in touched.items():  # named in the audit entries: no query per item
        app.round, app.enterprise = round_, enterprises[enterprise_id]
    by_app = {touched[key].pk: lines for key, lines in targets.items()}
    pairs = [(pk, app_pk) for app_pk, lines in by_app.items() for pk, _a in lines]
    for i in range(0, len(pairs), LINES_PER_UPDATE):
        part = pairs[i:i + LINES_PER_UPDATE]
        per_app: dict[int, list[int]] = defaultdict(list)
        for pk, app_pk in part:
            per_app[app_pk].append(pk)
        EntitlementLine.objects.filter(pk__in=[pk for pk, _a in part]).update(
            application_id=Case(*[When(pk__in=pks, then=Value(app_pk)) for app_pk, pks in per_app.items()], output_field=IntegerField()),
            updated_at=now)
    summaries = {row["application"]: row for row in EntitlementLine.objects.filter(application__in=list(by_app)).order_by()
                 .values("application").annotate(persons=Count("person", distinct=True), lines=Count("id", filter=Q(kind=K.MONTH)),
                                                  supplements=Count("id", filter=Q(kind=K.SUPPLEMENT)))}
    entries = []
    for app in touched.values():
        summary = {"persons": summaries[app.pk]["persons"], "lines": summaries[app.pk]["lines"]}
        if summaries[app.pk]["supplements"]:
            summary["supplements"] = summaries[app.pk]["supplements"]
        app.facts = {**app.facts, **summary}
        app.checks = [{"code": "entitlement", "passed": True, "figure": str(summary["persons"]), "threshold": "",
                       "clause": str(params["clause"]),
                       "explanation": f"{app.basis_key[len('period:'):]} 起 {size} 个月，{summary['persons']} 人 {summary['lines']} 个月份的补贴，"
                                      + (f"另补发 {summary['supplements']} 笔已发月份更正后的差额，" if summary.get("supplements") else "")
                                      + "按已审核通过的按期补贴逐月核定（一次审批，全期畅领）。"}]
        if app.bank_account_id is None:
            app.bank_account = accounts.get(int(app.enterprise_id or 0))
        app.updated_at = now
        entries.append(Entry("entitlements.lines.grouped", app, region=app.region_id,
                             after={"period": app.basis_key, "amount": str(app.amount), **summary}))
    Application.objects.bulk_update(list(touched.values()), ["amount", "base", "facts", "checks", "bank_account", "updated_at"],
                                    batch_size=1000)
    audit_many(entries, actor=actor)
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
