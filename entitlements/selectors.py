"""Visibility of the entitlements: city staff all, county staff their region (the beneficiary's),
an enterprise user its own enterprise's, nobody else any."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

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
