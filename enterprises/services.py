"""Every write of the enterprise registry: imports, monthly employment reports, size recomputation,
and the figures other apps change (a ranking correction, the key-enterprise flag)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.workflows import REPORT_REVIEW
from xingtai_jobs.core import clock
from xingtai_jobs.core.audit import audit
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.imports import ImportReport, run_import, run_import_upload
from xingtai_jobs.core.inputs import MAX_COUNT
from xingtai_jobs.core.scoping import ensure_actor_may_see

from . import rules
from .imports import SPECS
from .models import EmploymentReport, Enterprise, InsuranceMonth, SizeSource
from .selectors import employment_reports_visible_to

REPORT_FIELDS = ("headcount", "new_hires", "separations", "layoffs", "vacancies", "explanation")


# --- imports ------------------------------------------------------------------------------------


def registry_import_file(*, kind: str, path: str | os.PathLike, actor=None, specs=None) -> ImportReport:
    """Import a file of ``kind`` (enterprises, insurance_months, employment_reports; or a kind of
    another registry's ``specs``, e.g. the person layer's) all or nothing."""
    spec = (specs or SPECS)[kind](actor=actor, source_name=os.path.basename(str(path)))
    try:
        return run_import(spec, path, actor=actor)
    except DomainError as exc:
        return ImportReport(file_error=str(exc))


def registry_import_upload(*, kind: str, uploaded, actor, specs=None) -> ImportReport:
    """An uploaded file (the kernel saves it to a temporary file so it can be read twice). ``specs``
    names another registry's import specs (kind -> ImportSpec class), e.g. the person layer's."""
    spec = (specs or SPECS)[kind](actor=actor, source_name=Path(getattr(uploaded, "name", "") or "").name)
    return run_import_upload(spec, uploaded, actor=actor)


# --- size class fallback ------------------------------------------------------------------------


@transaction.atomic
def enterprise_recompute_sizes(*, enterprise_ids: list[int] | None = None, chunk: int = 2000) -> int:
    """Recompute the size class of enterprises whose size is ``computed`` from their latest insured
    headcount (2017 statistical standard). Imported or staff-entered sizes are never touched."""
    ids = list(Enterprise.objects.filter(size_source=SizeSource.COMPUTED).order_by("pk").values_list("pk", flat=True))
    if enterprise_ids is not None:  # intersect in Python: the id list of a big import may exceed SQL parameter limits
        wanted = set(enterprise_ids)
        ids = [pk for pk in ids if pk in wanted]
    changed = 0
    for start in range(0, len(ids), chunk):
        part = ids[start:start + chunk]
        latest: dict[int, int] = {}
        for ent_id, count in (InsuranceMonth.objects.filter(enterprise_id__in=part)
                              .order_by("enterprise_id", "-month").values_list("enterprise_id", "insured_count")):
            latest.setdefault(ent_id, count)
        updates = []
        for ent in Enterprise.objects.filter(pk__in=part).only("pk", "industry_code", "size_class"):
            size = rules.compute_size_class(ent.industry_code, employees=latest.get(ent.pk, 0))
            if size and size != ent.size_class:
                ent.size_class = size
                updates.append(ent)
        Enterprise.objects.bulk_update(updates, ["size_class"])
        changed += len(updates)
    return changed


# --- monthly employment reports -----------------------------------------------------------------


def _validate_report(*, month: dt.date, headcount: int, new_hires: int, separations: int, layoffs: int, vacancies: int) -> None:
    for name, value in (("headcount", headcount), ("new_hires", new_hires), ("separations", separations),
                        ("layoffs", layoffs), ("vacancies", vacancies)):
        if value is None or int(value) < 0:
            raise DomainError(_("Figures cannot be negative."), field=name)
    if month.day != 1:
        raise DomainError(_("The month must be the first day of a month."), field="month")
    if month > clock.today().replace(day=1):
        raise DomainError(_("You cannot report a future month."), field="month")
    if layoffs > separations:
        raise DomainError(_("Layoffs cannot exceed separations (layoffs are part of the separations)."), field="layoffs")


def _consistency_for(enterprise_id: int, month: dt.date, headcount: int, new_hires: int, separations: int) -> rules.ConsistencyResult:
    previous = (EmploymentReport.objects.filter(enterprise_id=enterprise_id, month=rules.previous_month(month))
                .values_list("headcount", flat=True).first())
    return rules.check_report_consistency(previous_headcount=previous, headcount=headcount, new_hires=new_hires, separations=separations)


@transaction.atomic
def employment_report_submit(
    *,
    enterprise: Enterprise,
    month: dt.date,
    headcount: int,
    new_hires: int,
    separations: int,
    layoffs: int,
    vacancies: int,
    explanation: str = "",
    actor=None,
    source: str = EmploymentReport.Source.PORTAL,
    request=None,
) -> tuple[EmploymentReport, bool]:
    """Create or (before review) replace the enterprise's report for ``month``.

    The report is checked against the previous month; an inconsistency is recorded with a note for
    staff, never silently accepted. Returns (report, created)."""
    ensure_actor_may_see(actor, enterprise)
    month = month.replace(day=1)
    _validate_report(month=month, headcount=headcount, new_hires=new_hires, separations=separations, layoffs=layoffs,
                     vacancies=vacancies)
    if actor is not None and actor.is_enterprise_user and actor.enterprise_id != enterprise.pk:
        raise DomainError(_("You can only report for your own enterprise."), code="forbidden")
    result = _consistency_for(enterprise.pk, month, headcount, new_hires, separations)
    values = {"headcount": headcount, "new_hires": new_hires, "separations": separations, "layoffs": layoffs,
              "vacancies": vacancies, "explanation": (explanation or "").strip()}
    report = EmploymentReport.objects.select_for_update().filter(enterprise=enterprise, month=month).first()
    if report is not None:
        try:
            REPORT_REVIEW.check("replace", actor, report)
        except DomainError as exc:
            raise DomainError(exc.message, field="month", code=exc.code) from None
        before = {f: getattr(report, f) for f in REPORT_FIELDS} | {"consistency": report.consistency}
        for f, v in values.items():
            setattr(report, f, v)
        report.consistency, report.consistency_note = result.status, result.note
        report.source = source
        report.submitted_by = actor if getattr(actor, "pk", None) else report.submitted_by
        report.save()
        audit("enterprises.report.resubmitted", report, actor=actor, request=request, region=enterprise.region_id,
              before=before, after=values | {"consistency": result.status})
        created = False
    else:
        report = EmploymentReport.objects.create(
            enterprise=enterprise, month=month, source=source, consistency=result.status, consistency_note=result.note,
            submitted_by=actor if getattr(actor, "pk", None) else None, **values,
        )
        audit("enterprises.report.submitted", report, actor=actor, request=request, region=enterprise.region_id,
              after=values | {"consistency": result.status})
        created = True
    _recheck_following(enterprise.pk, month, headcount)
    return report, created


def _recheck_following(enterprise_id: int, month: dt.date, headcount: int) -> None:
    """A changed month changes the check of the following month's (unreviewed) report."""
    following = (EmploymentReport.objects.select_for_update()
                 .filter(enterprise_id=enterprise_id, month=rules.next_month(month), reviewed_at__isnull=True).first())
    if following is None:
        return
    result = rules.check_report_consistency(previous_headcount=headcount, headcount=following.headcount,
                                            new_hires=following.new_hires, separations=following.separations)
    if (result.status, result.note) != (following.consistency, following.consistency_note):
        EmploymentReport.objects.filter(pk=following.pk).update(consistency=result.status, consistency_note=result.note)


@transaction.atomic
def employment_report_review(*, report_id: int, actor, request=None) -> EmploymentReport:
    """Staff confirm they have seen the report (and its explanation if it was inconsistent)."""
    if not REPORT_REVIEW.step("review").who(actor, None):
        raise DomainError(_("Only bureau staff can review reports."), code="forbidden")
    report = employment_reports_visible_to(actor).filter(pk=report_id).first()
    if report is None:
        raise DomainError(_("Report not found."), code="not_found")
    REPORT_REVIEW.check("review", actor, report)
    REPORT_REVIEW.move("review", report, actor=actor, request=request, region=report.enterprise.region_id,
                       updates={"reviewed_at": timezone.now(), "reviewed_by": actor}, record={"after": {"consistency": report.consistency}},
                       conflict_message=_("This report has already been reviewed."))
    report.refresh_from_db()
    return report


# --- figures another app changes (rankings: corrections accepted, key-enterprise designations) ----
# The caller names why in ``audit_action`` (its own code, e.g. "rankings.insurance_month.corrected"):
# the write and its audit entry stay here, the reason with the app that decided it.

INSURANCE_CORRECTABLE = ("insured_count", "new_insured", "ui_new_claimants")


@transaction.atomic
def insurance_month_correct(*, enterprise: Enterprise, month: dt.date, field: str, value: int, actor, audit_action: str,
                            message: str = "") -> InsuranceMonth:
    """Set one whole-number figure of an enterprise's monthly insurance record (e.g. a ranking
    correction staff accepted): scoped to the actor, row-locked, audited before/after."""
    ensure_actor_may_see(actor, enterprise)
    if field not in INSURANCE_CORRECTABLE:
        raise DomainError(_("This figure cannot be corrected."), field="field")
    if value is None or not 0 <= int(value) <= MAX_COUNT:
        raise DomainError(_("The correct value must be a whole number, not negative."), field="claimed_value")
    record = InsuranceMonth.objects.select_for_update().filter(enterprise=enterprise, month=month).first()
    if record is None:
        raise DomainError(_("There is no monthly record for %(month)s to correct.") % {"month": f"{month:%Y-%m}"},
                          code="not_found", field="month")
    before = {field: getattr(record, field)}
    InsuranceMonth.objects.filter(pk=record.pk).update(**{field: int(value), "updated_at": timezone.now()})
    record.refresh_from_db()
    audit(audit_action, record, actor=actor, region=enterprise.region_id, before=before, after={field: int(value)},
          message=message)
    return record


@transaction.atomic
def enterprise_set_key(*, enterprise: Enterprise, actor, key: bool, audit_action: str, details: dict | None = None) -> Enterprise:
    """Set or clear an enterprise's key-enterprise flag (kept by the rankings' designations): scoped
    to the actor, row-locked, audited before/after with the caller's ``details``."""
    ensure_actor_may_see(actor, enterprise)
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    before = {"key_enterprise": locked.key_enterprise}
    Enterprise.objects.filter(pk=locked.pk).update(key_enterprise=bool(key), updated_at=timezone.now())
    locked.refresh_from_db()
    audit(audit_action, locked, actor=actor, before=before, after={"key_enterprise": bool(key), **(details or {})})
    return locked
