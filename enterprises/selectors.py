"""Reads with visibility: the admin, the portal and the API all go through these."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet

from xingtai_jobs.core.scoping import scope_queryset, selector_for

from . import rules
from .models import EmploymentReport, Enterprise, InsuranceMonth, LabourDispute


@selector_for(Enterprise)
def enterprises_visible_to(user) -> QuerySet[Enterprise]:
    return scope_queryset(Enterprise.objects.select_related("region"), user, region_path="region", enterprise_path="pk")


@selector_for(InsuranceMonth)
def insurance_months_visible_to(user) -> QuerySet[InsuranceMonth]:
    return scope_queryset(
        InsuranceMonth.objects.select_related("enterprise"), user, region_path="enterprise__region", enterprise_path="enterprise"
    )


@selector_for(EmploymentReport)
def employment_reports_visible_to(user) -> QuerySet[EmploymentReport]:
    return scope_queryset(
        EmploymentReport.objects.select_related("enterprise", "enterprise__region"),
        user,
        region_path="enterprise__region",
        enterprise_path="enterprise",
    )


@selector_for(LabourDispute)
def labour_disputes_visible_to(user) -> QuerySet[LabourDispute]:
    return scope_queryset(
        LabourDispute.objects.select_related("enterprise", "enterprise__region"),
        user,
        region_path="enterprise__region",
        enterprise_path="enterprise",
    )


def enterprise_report_history(enterprise: Enterprise, *, limit: int = 36) -> QuerySet[EmploymentReport]:
    return EmploymentReport.objects.filter(enterprise=enterprise).order_by("-month")[:limit]


def missing_reports(user, month: dt.date, *, region=None) -> QuerySet[Enterprise]:
    """Enterprises in the user's scope (not deregistering) with no report for ``month``."""
    qs = enterprises_visible_to(user).filter(deregistering=False)
    if region is not None:
        qs = qs.filter(region=region)
    has_report = EmploymentReport.objects.filter(enterprise=OuterRef("pk"), month=month)
    return qs.filter(~Exists(has_report)).order_by("region__code", "uscc")


def late_reports(user, month: dt.date, *, region=None) -> QuerySet[EmploymentReport]:
    """Reports for ``month`` first submitted after the due day of the next month."""
    due = rules.report_due_date(month)
    qs = employment_reports_visible_to(user).filter(month=month, submitted_at__date__gt=due)
    if region is not None:
        qs = qs.filter(enterprise__region=region)
    return qs.order_by("enterprise__region__code", "enterprise__uscc")


def inconsistent_reports(user, month: dt.date | None = None, *, region=None) -> QuerySet[EmploymentReport]:
    qs = employment_reports_visible_to(user).filter(consistency=EmploymentReport.Consistency.INCONSISTENT)
    if month is not None:
        qs = qs.filter(month=month)
    if region is not None:
        qs = qs.filter(enterprise__region=region)
    return qs.order_by("-month", "enterprise__uscc")


def enterprise_by_uscc(uscc: str) -> Enterprise | None:
    """The enterprise with this unified social credit code (spaces, hyphens and case ignored), or
    None. Other apps look enterprises up here, not on the model; scope with the caller's selector
    (or the service's own check) before writing."""
    from xingtai_jobs.core.validators import normalize_uscc

    code = normalize_uscc(uscc)
    return Enterprise.objects.filter(uscc=code).first() if code else None
