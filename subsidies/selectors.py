"""Reads with visibility: city staff everything, county staff their region, an enterprise user its
own enterprise. Pages, admin and API all call these."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum

from subsidies.models import Application, BankAccount, Objection, PayoutBatch, PublicNotice, SchemeRound
from xingtai_jobs.core.scoping import reference_model, scope_queryset, selector_for


@selector_for(Application)
def applications_for(user):
    """City staff all items; county staff the items of their region (the employer's region for
    enterprise-paid items, the residence for person-paid ones); an enterprise its own items; a
    citizen the items paid to the person their account is linked to."""
    qs = Application.objects.select_related("round__scheme", "enterprise", "person", "subject", "region")
    if user is not None and user.is_authenticated and user.is_active and user.role == user.Role.CITIZEN and not user.is_superuser:
        return qs.filter(person__isnull=False, person__account__user=user)
    return scope_queryset(qs, user, region_path="region", enterprise_path="enterprise")


@selector_for(Objection)
def objections_for(user):
    qs = Objection.objects.select_related("application__enterprise", "application__person", "notice")
    return scope_queryset(qs, user, region_path="region", enterprise_path=None)


@selector_for(PayoutBatch)
def batches_for(user):
    """Payout batches are city business; county staff and enterprises see none."""
    qs = PayoutBatch.objects.select_related("round__scheme")
    if user is None or not user.is_authenticated or not user.is_city_staff:
        return qs.none()
    return qs


def bank_account_for(enterprise_id: int) -> BankAccount | None:
    return BankAccount.objects.filter(enterprise_id=enterprise_id, active=True).first()


def active_bank_accounts(enterprise_ids) -> dict[int, BankAccount]:
    """Enterprise id → its active bank account (one query for a set of enterprises)."""
    return {int(account.enterprise_id or 0): account
            for account in BankAccount.objects.filter(enterprise_id__in=list(enterprise_ids), active=True)}


def card_account_for(person_id: int) -> BankAccount | None:
    """The person's active social-security-card financial account."""
    return BankAccount.objects.filter(person_id=person_id, active=True).first()


def hires_to_apply_for(user, round_: SchemeRound, *, limit: int | None = 500):
    """The labour contracts of the user's enterprise that start in a job-expansion round's hire window
    and have no item in the round yet (hires screening missed), newest first, with the person (shown
    masked). Nothing for anyone but an enterprise's user, or for another scheme."""
    from persons.models import LabourContract
    from subsidies.rules import job_expansion as je
    from subsidies.rules import rule_for

    if (user is None or not user.is_authenticated or not user.is_active or user.role != user.Role.ENTERPRISE_USER
            or not user.enterprise_id or round_.scheme.code != "job_expansion"):
        return LabourContract.objects.none()
    try:
        start, end = je.hire_window(rule_for("job_expansion").prepare(round_.parameters))
    except ValueError:  # the round's stored parameters are incomplete: nothing to offer (issue 11 item 4)
        return LabourContract.objects.none()
    taken = [int(key.split(":", 1)[1]) for key in Application.objects.filter(
        round=round_, beneficiary_key=f"E{user.enterprise_id}", basis_key__startswith="contract:").values_list("basis_key", flat=True)]
    qs = (LabourContract.objects.filter(enterprise_id=user.enterprise_id, starts_on__gte=start, starts_on__lte=end)
          .exclude(pk__in=taken).select_related("person").order_by("-starts_on", "pk"))
    return qs if limit is None else qs[:limit]


def certificates_to_apply_for(user, round_: SchemeRound):
    """The certificates of the citizen's own person issued in a skills-upgrade round's window with no
    item in the round yet. Nothing for anyone but a citizen linked to a person, or another scheme."""
    from persons.models import Certificate
    from subsidies.rules import rule_for

    if (user is None or not user.is_authenticated or not user.is_active or user.role != user.Role.CITIZEN
            or round_.scheme.code != "skill_upgrade"):
        return Certificate.objects.none()
    try:
        params = rule_for("skill_upgrade").prepare(round_.parameters)
    except ValueError:  # the round's stored parameters are incomplete: nothing to offer (issue 11 item 4)
        return Certificate.objects.none()
    mine = Certificate.objects.filter(person__account__user=user, issued_on__gte=params["window_from"], issued_on__lte=params["window_to"])
    taken = [key.split(":", 1)[1] for key in Application.objects.filter(
        round=round_, person__account__user=user, basis_key__startswith="certificate:").values_list("basis_key", flat=True)]
    return mine.exclude(certificate_no__in=taken).order_by("issued_on", "certificate_no")


def certificate_offers(user, on_date) -> list[tuple[SchemeRound, object]]:
    """(round, certificate) for each certificate of the citizen's own person that an open
    skills-upgrade round covers and that has no item in it yet (what /me/ offers to apply for)."""
    return [(r, c) for r in open_rounds(on_date).filter(scheme__code="skill_upgrade").order_by("assessment_year")
            for c in certificates_to_apply_for(user, r)]


def apply_basis(user, round_: SchemeRound | None, *, contract: int | str | None = None, certificate: str | None = None,
                on_date=None) -> tuple[SchemeRound, object | None]:
    """What ``user`` applies under: ``(round, basis)`` for ``application_submit``. The one reading of
    an application's basis for the enterprise portal, the API and the citizen's /me/ pages.

    - a job-expansion round: ``contract`` (an id, or the raw text of a form) must be one of the
      enterprise's hires the round offers (``hires_to_apply_for``);
    - a skills-upgrade round: ``certificate`` (its number) one of the citizen's certificates the round
      covers (``certificate_offers``); with ``round_=None`` the open round that offers it;
    - any other round: no basis (``None``).

    A missing or foreign basis is a ``DomainError`` on the field that names it (nothing else tells
    whether the id exists)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from xingtai_jobs.core import clock
    from xingtai_jobs.core.errors import DomainError
    from xingtai_jobs.core.inputs import parse_count

    if round_ is None or round_.scheme.code == "skill_upgrade":
        if not certificate:
            raise DomainError(_("Choose the certificate the application is for."), field="certificate")
        offer = next(((r, c) for r, c in certificate_offers(user, on_date or clock.today())
                      if (round_ is None or r.pk == round_.pk) and getattr(c, "certificate_no", None) == certificate), None)
        if offer is None:
            raise DomainError(_("Choose the certificate the application is for."), field="certificate")
        return offer
    if round_.scheme.code == "job_expansion":
        if contract is None:
            raise DomainError(_("Choose the hire (labour contract) the application is for."), field="contract")
        try:
            pk = parse_count(contract, min_value=1)
        except ValidationError:
            pk = None
        basis = hires_to_apply_for(user, round_, limit=None).filter(pk=pk).first() if pk else None
        if basis is None:
            raise DomainError(_("Choose one of your hires in the list."), field="contract")
        return round_, basis
    return round_, None


def open_rounds(on_date):
    return SchemeRound.objects.select_related("scheme").filter(opens_on__lte=on_date, closes_on__gte=on_date)


def public_notices():
    return (
        PublicNotice.objects.select_related("round__scheme")
        .annotate(item_count=Count("items"))
        .order_by("-published_on", "-id")  # Meta.ordering is not applied to aggregate queries
    )


def notice_items(notice: PublicNotice):
    return notice.items.select_related("enterprise", "person", "subject").order_by("enterprise__uscc", "person__resident_id", "pk")


def notice_rows(notice: PublicNotice, items) -> tuple[list, list[dict]]:
    """The public rows of a notice (headers, rows) — never a hire's name or anyone's ID:
    稳岗返还: enterprise, masked USCC, amount; job expansion: one row per enterprise with the number
    of hires and the total; skills upgrade: masked name, occupation, level, amount; an entitlement
    scheme's period items: enterprise, masked USCC, number of persons, amount."""
    from django.utils.translation import gettext as _

    from xingtai_jobs.core.masking import mask_uscc

    scheme = notice.round.scheme
    rows: list[dict] = []
    items = list(items)
    if items and all(a.origin == Application.Origin.ENTITLEMENT for a in items):
        # an entitlement scheme's period items (issue 13): the employer, masked USCC, the number of
        # persons the period pays for, the amount — never the persons
        for a in items:
            rows.append({"pk": a.pk, "cells": [a.enterprise.name, mask_uscc(a.enterprise.uscc), (a.facts or {}).get("persons", "")],
                         "amount": a.amount})
        return [_("Enterprise"), _("Unified social credit code"), _("Number of persons")], rows
    if scheme.beneficiary_kind == "person":
        for a in items:
            cert = a.certificate
            rows.append({"pk": a.pk, "cells": [a.beneficiary_name, cert.get("occupation", ""), cert.get("level_name", "")],
                         "amount": a.amount})
        return [_("Name"), _("Occupation"), _("Level")], rows
    if scheme.has_subject:
        by_enterprise: dict[int, dict] = {}
        for a in items:
            row = by_enterprise.get(a.enterprise_id)
            if row is None:
                row = by_enterprise[a.enterprise_id] = {"pk": a.pk, "cells": [a.enterprise.name, mask_uscc(a.enterprise.uscc), 0],
                                                        "amount": Decimal("0.00")}
                rows.append(row)
            row["cells"][2] += 1
            row["amount"] += a.amount
        return [_("Enterprise"), _("Unified social credit code"), _("Hires")], rows
    for a in items:
        rows.append({"pk": a.pk, "cells": [a.enterprise.name, mask_uscc(a.enterprise.uscc)], "amount": a.amount})
    return [_("Enterprise"), _("Unified social credit code")], rows


def dashboard(user, round_: SchemeRound) -> dict:
    qs = applications_for(user).filter(round=round_)
    by_state = list(qs.values("state").annotate(n=Count("id"), total=Sum("amount")).order_by("state"))
    by_region = list(
        qs.values("region__code", "region__name").annotate(
            n=Count("id"), total=Sum("amount"), paid=Sum("amount", filter=Q(state=Application.State.PAID))
        ).order_by("region__code")
    )
    from subsidies.services import budget_used
    from xingtai_jobs.core.money import round_money

    labels = dict(Application.State.choices)
    for row in by_state:
        row["label"] = labels.get(row["state"], row["state"])
        row["total"] = round_money(row["total"] or Decimal(0))  # SQLite sums decimals without their scale
    for row in by_region:
        row["total"] = round_money(row["total"] or Decimal(0))
        row["paid"] = round_money(row["paid"] or Decimal(0))
    return {"by_state": by_state, "by_region": by_region, "budget": round_.budget, "used": round_money(budget_used(round_))}


# --- visibility of the remaining models (admin lists, choices, scope checks) -------------------------

reference_model("subsidies.Scheme", "subsidies.SchemeRound", "subsidies.PublicNotice")


@selector_for("subsidies.BankAccount")
def bank_accounts_for(user):
    from subsidies.models import BankAccount

    qs = BankAccount.objects.all()
    if user is not None and user.is_authenticated and user.is_active and user.role == user.Role.COUNTY_STAFF and not user.is_superuser:
        return qs.filter(Q(enterprise__region_id=user.region_id) | Q(person__region_id=user.region_id))
    if user is not None and user.is_authenticated and user.is_active and user.role == user.Role.CITIZEN and not user.is_superuser:
        return qs.filter(person__isnull=False, person__account__user=user)
    return scope_queryset(qs, user, region_path="enterprise__region", enterprise_path="enterprise")


@selector_for("subsidies.PayoutItem")
def payout_items_for(user):
    """Payout items belong to batches: city business."""
    from subsidies.models import PayoutItem

    return PayoutItem.objects.filter(batch__in=batches_for(user).values("pk"))
