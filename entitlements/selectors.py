"""Visibility of the entitlements: city staff all, county staff their region (the beneficiary's),
an enterprise user its own enterprise's, nobody else any."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from entitlements.models import Entitlement, EntitlementLine, LineAdjustment
from xingtai_jobs.core.scoping import scope_queryset, selector_for


@selector_for(Entitlement)
def entitlements_for(user):
    qs = Entitlement.objects.select_related("round__scheme", "enterprise", "region", "person")
    return scope_queryset(qs, user, region_path="region", enterprise_path="enterprise")


@selector_for(EntitlementLine)
def lines_for(user):
    qs = EntitlementLine.objects.select_related("entitlement")
    return scope_queryset(qs, user, region_path="entitlement__region", enterprise_path="entitlement__enterprise")


@selector_for(LineAdjustment)
def adjustments_for(user):
    """Adjustments are staff business: the enterprise sees none."""
    qs = LineAdjustment.objects.select_related("line__entitlement")
    if user is not None and getattr(user, "is_enterprise_user", False):
        return qs.none()
    return scope_queryset(qs, user, region_path="region")


def enterprise_schedules(user):
    """The enterprise's entitlements with their lines (two queries, however many entitlements)."""
    from django.db.models import Prefetch

    return (entitlements_for(user).filter(eligible=True).exclude(state=Entitlement.State.REJECTED)
            .select_related(None).select_related("round__scheme", "person")
            .prefetch_related(Prefetch("lines", queryset=EntitlementLine.objects.order_by("month")))
            .order_by("scheme_code", "start_month", "id"))


@dataclass(frozen=True)
class LetterPerson:
    """One person's part of a period item (masked: the letter goes to the enterprise)."""

    name: str
    resident_id: str
    months_text: str
    months: int
    amount: Decimal


def letter_breakdown(app) -> list[LetterPerson]:
    """The persons of a period item (origin ``entitlement``) with their months and amounts, in
    resident-ID order; names and resident IDs masked. The caller has scoped ``app``; one query."""
    from entitlements.rules import month_ranges
    from xingtai_jobs.core.masking import mask_name, mask_resident_id

    by_person: dict[int, list] = {}
    for line in EntitlementLine.objects.filter(application=app).select_related("person").order_by("person__resident_id", "month"):
        by_person.setdefault(line.person_id, []).append(line)
    return [LetterPerson(name=mask_name(lines[0].person.name), resident_id=mask_resident_id(lines[0].person.resident_id),
                         months_text=month_ranges([ln.month for ln in lines]), months=sum(ln.months for ln in lines),
                         amount=sum((ln.amount for ln in lines), Decimal("0.00")))
            for lines in by_person.values()]


def adjustments_to_review(user, *, state: str = "", region=None):
    """The adjustments the user's region may decide (county staff their region, city staff all,
    ``region`` narrows), with what the list shows in the same query: the line, its entitlement, the
    beneficiary and the person (shown masked)."""
    qs = adjustments_for(user).select_related(None).select_related("line__entitlement__enterprise", "line__person", "region")
    if region is not None:
        qs = qs.filter(region=region)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-created_at", "-id")


FACT_LABELS = {
    "pension_unit": _("Pension insurance, employer part"),
    "medical_unit": _("Medical insurance, employer part"),
    "ui_unit": _("Unemployment insurance, employer part"),
    "insurances": _("Insurances covered"),
    "missing": _("The month gives no line any more"),
    "months": _("Months paid for"),
}


@dataclass(frozen=True)
class FactRow:
    label: str
    before: str
    after: str
    changed: bool


def adjustment_fact_rows(adj: LineAdjustment) -> list[FactRow]:
    """The facts of the paid month before and after the correction, side by side (known facts in a
    fixed order, then any other)."""
    from entitlements.rules.social_insurance import INSURANCE_TEXT

    def text(value) -> str:
        if value is None:
            return "—"
        if isinstance(value, bool):
            return str(_("Yes") if value else _("No"))
        if isinstance(value, list | tuple):  # the insurances covered: their names as the rule gives them
            return "、".join(INSURANCE_TEXT.get(str(v), str(v)) for v in value)
        return str(value)

    before, after = adj.facts_before or {}, adj.facts_after or {}
    keys = [k for k in FACT_LABELS if k in before or k in after] + sorted((set(before) | set(after)) - set(FACT_LABELS))
    return [FactRow(str(FACT_LABELS.get(k, k)), text(before.get(k)), text(after.get(k)), before.get(k) != after.get(k)) for k in keys]
