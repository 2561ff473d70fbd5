"""Writes of the register: reported figures (submit, approve, return, supersede), registry rows
(save, approve, delete), the weekly snapshot (yearly targets are kernel policy figures). Keyword-only, atomic, guarded, audited; each
bumps the public cache on commit (its audit entry does: measures.cache)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import urlparse

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from measures import rules
from measures.models import Indicator, Report, Snapshot
from measures.workflows import REPORT
from xingtai_jobs.core import clock
from xingtai_jobs.core.audit import audit
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.scoping import ensure_actor_may_see

MAX_FIGURE = Decimal("1000000000000")
HUNDRED_PERCENT = Decimal(100)  # arithmetic, not a policy figure
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = {"application/pdf", "image/jpeg", "image/png"}


def _require_bureau(actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_bureau_staff:
        raise DomainError(_("Only bureau staff may do this."), code="forbidden")


def _require_city(actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_city_staff:
        raise DomainError(_("Only city staff may do this."), code="forbidden")


def check_evidence(evidence) -> None:
    """The file's content decides its type (not its name): PDF, JPEG or PNG, at most 10 MB."""
    import filetype

    if evidence.size > MAX_EVIDENCE_BYTES:
        raise DomainError(_("The evidence file is larger than 10 MB."), field="evidence")
    head = evidence.read(2048)
    evidence.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in EVIDENCE_TYPES:
        raise DomainError(_("The evidence must be a PDF, JPEG or PNG file."), field="evidence")


def _check_report_input(*, indicator, region, actor, period_start, period_end, value, evidence, evidence_link, today):
    from measures.sources import REPORT_FALLBACK

    if indicator.source != Indicator.Source.REPORTED and indicator.source_name not in REPORT_FALLBACK:
        raise DomainError(_("This indicator is not reported: its figures come from %(source)s.")
                          % {"source": indicator.get_source_display()}, field="indicator")
    if actor.is_county_staff and (region is None or region.pk != actor.region_id):
        raise DomainError(_("County staff report only for their own county."), field="region", code="forbidden")
    if value is None or value < 0:
        raise DomainError(_("The figure cannot be negative."), field="value")
    if value > MAX_FIGURE:
        raise DomainError(_("The figure is too large."), field="value")
    if indicator.kind == Indicator.Unit.COUNT and value != value.to_integral_value():
        raise DomainError(_("This figure is a count: enter a whole number."), field="value")
    if indicator.kind == Indicator.Unit.PERCENT and value > HUNDRED_PERCENT:
        raise DomainError(_("A percentage cannot exceed 100."), field="value")
    if period_start is None or period_end is None or period_end < period_start:
        raise DomainError(_("The period must end on or after its start."), field="period_end")
    if period_start.year != period_end.year:
        raise DomainError(_("The period must lie within one year."), field="period_end")
    if period_end > today:
        raise DomainError(_("The period cannot end in the future."), field="period_end")
    if evidence:
        check_evidence(evidence)
    if evidence_link:
        parsed = urlparse(evidence_link)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise DomainError(_("The evidence link must be an http(s) address."), field="evidence_link")
    if not evidence and not evidence_link:
        raise DomainError(_("Attach the evidence: a file (PDF, JPEG or PNG) or a link."), field="evidence")


@transaction.atomic
def report_submit(*, indicator: Indicator, region, actor, period_start: dt.date, period_end: dt.date, value: Decimal,
                  evidence=None, evidence_link: str = "", note: str = "", supersedes: Report | None = None,
                  reason: str = "", request=None) -> Report:
    """A county (or the city, without a county) submits a figure for a period. With ``supersedes``
    it is the correction of an approved report (a reason is required); the old one keeps counting
    until the new one is approved."""
    _require_bureau(actor)
    ensure_actor_may_see(actor, indicator, region, supersedes)
    today = clock.today()
    _check_report_input(indicator=indicator, region=region, actor=actor, period_start=period_start, period_end=period_end,
                        value=value, evidence=evidence, evidence_link=evidence_link, today=today)
    overlapping = Report.objects.select_for_update().filter(
        indicator=indicator, region=region, status__in=(Report.Status.SUBMITTED, Report.Status.APPROVED),
        period_start__lte=period_end, period_end__gte=period_start)
    if supersedes is not None:
        old = Report.objects.select_for_update().get(pk=supersedes.pk)
        REPORT.check("correct", actor, old)
        if old.indicator_id != indicator.pk or old.region_id != (region.pk if region else None):
            raise DomainError(_("A correction must be for the same indicator and county."), field="supersedes")
        if not reason.strip():
            raise DomainError(_("Give the reason for superseding the approved figure."), field="reason")
        overlapping = overlapping.exclude(pk=old.pk)
    if overlapping.exists():
        raise DomainError(_("A report for this indicator and county already covers part of this period."), field="period_start")
    report = Report.objects.create(
        indicator=indicator, region=region, period_start=period_start, period_end=period_end, value=value,
        evidence=evidence or "", evidence_link=evidence_link, note=note, supersedes=supersedes, reason=reason.strip(),
        submitted_by=actor)
    audit("measures.report.submitted", report, actor=actor, request=request,
          after={"indicator": indicator.code, "value": value, "period": [period_start, period_end],
                 "supersedes": supersedes.pk if supersedes else None, "reason": reason.strip()})
    return report


def _decidable(report: Report, actor, step: str) -> Report:
    """Lock the report and check the step against the table (measures.workflows.REPORT)."""
    _require_city(actor)
    ensure_actor_may_see(actor, report)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    REPORT.check(step, actor, locked)
    return locked


def _decision(actor, note: str) -> dict:
    return {"decided_by": actor, "decided_at": timezone.now(), "decision_note": note}


@transaction.atomic
def report_approve(*, report: Report, actor, note: str = "", request=None) -> Report:
    """Approve a submitted figure; a correction's approval supersedes the figure it corrects (both
    steps of the table, each audited)."""
    locked = _decidable(report, actor, "approve")
    if locked.supersedes_id:
        old = Report.objects.select_for_update().get(pk=locked.supersedes_id)
        REPORT.check("supersede", actor, old)
        REPORT.move("supersede", old, actor=actor, request=request, before={"value": old.value},
                    after={"by": locked.pk, "value": locked.value, "reason": locked.reason},
                    conflict_message=_("The report this one corrects is no longer approved."))
    REPORT.move("approve", locked, actor=actor, request=request, updates=_decision(actor, note),
                after={"value": locked.value, "note": note})
    return locked


@transaction.atomic
def report_return(*, report: Report, actor, note: str, request=None) -> Report:
    if not (note or "").strip():
        raise DomainError(_("Say why the report is returned."), field="note")
    locked = _decidable(report, actor, "return")
    REPORT.move("return", locked, actor=actor, request=request, updates=_decision(actor, note.strip()),
                after={"note": note.strip()})
    return locked


# --- registries ----------------------------------------------------------------------------------


def _registry_fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields
            if f.attname not in ("id", "approved_by_id", "approved_at", "created_at", "created_by_id")}


@transaction.atomic
def registry_save(*, obj, actor, request=None):
    """Create or change a registry row: county staff only in their county; a changed approved row
    must be approved again."""
    _require_bureau(actor)
    if actor.is_county_staff and obj.region_id != actor.region_id:
        raise DomainError(_("County staff enter rows only for their own county."), field="region", code="forbidden")
    ensure_actor_may_see(actor, getattr(obj, "region", None))
    before = None
    if obj.pk:
        ensure_actor_may_see(actor, type(obj).objects.get(pk=obj.pk))
        old = type(obj).objects.select_for_update().get(pk=obj.pk)
        if actor.is_county_staff and old.region_id != actor.region_id:
            raise DomainError(_("County staff enter rows only for their own county."), field="region", code="forbidden")
        before = _registry_fields(old)
        if old.approved and before != {**_registry_fields(obj), "approved": True}:
            obj.approved, obj.approved_by, obj.approved_at = False, None, None
    else:
        obj.created_by = actor
        if not actor.is_city_staff:
            obj.approved = False
    if obj.approved and not actor.is_city_staff:
        obj.approved = False
    if obj.approved and obj.approved_at is None:
        obj.approved_by, obj.approved_at = actor, timezone.now()
    obj.full_clean()
    obj.save()
    label = obj._meta.model_name
    audit(f"measures.{label}.{'changed' if before else 'created'}", obj, actor=actor, request=request, before=before,
          after=_registry_fields(obj))
    return obj


@transaction.atomic
def registry_approve(*, obj, actor, request=None):
    _require_city(actor)
    ensure_actor_may_see(actor, obj)
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    if locked.approved:
        raise DomainError(_("This row is already approved."), code="conflict")
    locked.approved, locked.approved_by, locked.approved_at = True, actor, timezone.now()
    locked.save(update_fields=["approved", "approved_by", "approved_at"])
    audit(f"measures.{locked._meta.model_name}.approved", locked, actor=actor, request=request)
    return locked


@transaction.atomic
def registry_delete(*, obj, actor, request=None) -> None:
    _require_bureau(actor)
    ensure_actor_may_see(actor, obj)
    if actor.is_county_staff and (obj.region_id != actor.region_id or obj.approved):
        raise DomainError(_("County staff delete only unapproved rows of their own county."), code="forbidden")
    audit(f"measures.{obj._meta.model_name}.deleted", obj, actor=actor, request=request, before=_registry_fields(obj))
    obj.delete()


# --- targets and snapshots -----------------------------------------------------------------------


@transaction.atomic
def snapshot_take(*, on: dt.date | None = None) -> int:
    """Copy every indicator's figure for the year of ``on`` (today) into the weekly snapshots."""
    from measures.selectors import register_progress

    on = on or clock.today()
    count = 0
    indicators = {i.code: i for i in Indicator.objects.all()}
    for measure in register_progress(year=on.year, as_of=on, trend=False):
        for row in measure["indicators"]:
            Snapshot.objects.update_or_create(
                indicator=indicators[row["code"]], year=on.year, taken_on=on,
                defaults={"value": None if row["value"] is None else Decimal(str(row["value"])),
                          "target": None if row["target"] is None else Decimal(str(row["target"])), "status": row["status"]})
            count += 1
    audit("measures.snapshot.taken", None, message=f"{on.isoformat()}: {count}")
    return count


__all__ = ["report_submit", "report_approve", "report_return", "registry_save", "registry_approve", "registry_delete",
           "snapshot_take", "rules"]
