"""Every write of measure 1: ranking lifecycle, corrections, key enterprises, job demand.

Lifecycle: draft → computing → preview (corrections open) → published → withdrawn.
A preview can be recomputed; a published ranking is frozen (``PublishedEntry`` rows) and can only
be withdrawn with a public reason.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises import services as enterprise_services
from enterprises.models import Enterprise, InsuranceMonth
from rankings import rules
from rankings.cache import bump_public_version
from rankings.models import (
    METRICS,
    CorrectionRequest,
    JobDemand,
    KeyEnterpriseDesignation,
    PublishedEntry,
    Ranking,
    RankingEntry,
    RankingExclusion,
    RankingMethod,
)
from rankings.services import compute
from rankings.workflows import RANKING
from xingtai_jobs.core import clock, progress, workdays
from xingtai_jobs.core.audit import audit
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.inputs import parse_decimal
from xingtai_jobs.core.scoping import ensure_actor_may_see

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = {"application/pdf", "image/jpeg", "image/png"}


# --- permissions ---------------------------------------------------------------------------------


def _require(actor, perm: str, message) -> None:
    """``actor`` None is the system itself (management command, beat)."""
    if actor is not None and not actor.has_perm(perm):
        raise DomainError(message, code="forbidden")


def _require_city(actor, perm: str) -> None:
    _require(actor, perm, _("Only city-level staff may compute, publish or withdraw a ranking."))
    if actor is not None and not actor.is_city_staff:
        raise DomainError(_("Only city-level staff may compute, publish or withdraw a ranking."), code="forbidden")


# --- ranking parameters --------------------------------------------------------------------------


def method_in_force(on: dt.date) -> RankingMethod:
    method = (
        RankingMethod.objects.filter(effective_from__lte=on)
        .exclude(effective_to__lt=on)
        .order_by("-effective_from")
        .first()
    )
    if method is None:
        raise DomainError(_("No ranking method is in force on %(date)s.") % {"date": on}, code="conflict")
    return method


@transaction.atomic
def ranking_create(*, year: int, actor=None) -> Ranking:
    _require_city(actor, "rankings.compute_ranking")
    if Ranking.objects.filter(year=year).exists():
        raise DomainError(_("There is already a ranking for %(year)s.") % {"year": year}, field="year", code="conflict")
    if not compute.year_has_data(year):
        raise DomainError(_("There are no monthly social-insurance figures for %(year)s.") % {"year": year}, field="year")
    method = method_in_force(dt.date(year + 1, 1, 1))
    ranking = Ranking.objects.create(
        year=year,
        method_version=method.version,
        weights=rules.weights_as_json(rules.parse_weights(method.weights)),
        top_n=method.top_n,
        correction_window_days=method.correction_window_days,
    )
    audit("rankings.ranking.created", ranking, actor=actor, after={"year": year, "method_version": method.version})
    return ranking


@transaction.atomic
def ranking_set_parameters(*, ranking: Ranking, actor, weights: dict, top_n: int, correction_window_days: int) -> Ranking:
    """A ranking's own weights and bounds, validated as the method's policy figures are (the kernel
    policy set ``rankings.method``: each weight a share 0..1, the top list and the correction window
    within their declared bounds), then the sum rule (the weights add up to exactly 1)."""
    from rankings.policy import METHOD

    locked = Ranking.objects.select_for_update().get(pk=ranking.pk)
    RANKING.check("parameters", actor, locked)
    if not isinstance(weights, dict) or set(weights) != set(METRICS):
        raise DomainError(_("Give one weight for each of: %(names)s.") % {"names": ", ".join(METRICS)}, field="weights")
    for name, value in (("top_n", top_n), ("correction_window_days", correction_window_days)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise DomainError(METHOD.spec(name).expectation(), field=name)
        try:
            METHOD.spec(name).parse(value)
        except ValueError as exc:
            raise DomainError(str(exc), field=name) from None
    for m in METRICS:
        value = weights[m]
        if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
            raise DomainError(METHOD.spec(f"weight_{m}").expectation(), field="weights")
        try:
            if isinstance(value, str):
                value = parse_decimal(value)  # no NaN, "1e-1", "-0", "²"
            METHOD.spec(f"weight_{m}").parse(value)
        except (ValueError, DjangoValidationError):
            raise DomainError(METHOD.spec(f"weight_{m}").expectation(), field="weights") from None
    parsed = rules.parse_weights(weights)  # the sum rule
    before = {"weights": locked.weights, "top_n": locked.top_n, "correction_window_days": locked.correction_window_days}
    weights_json = rules.weights_as_json(parsed)
    RANKING.move("parameters", locked, actor=actor, updates={
        "weights": weights_json, "top_n": top_n, "correction_window_days": correction_window_days,
        "needs_recompute": locked.status == Ranking.Status.PREVIEW, "updated_at": timezone.now()},
        record={"before": before, "after": {"weights": weights_json, "top_n": top_n, "correction_window_days": correction_window_days}})
    return locked


@transaction.atomic
def method_set_parameter(*, method_id: int, name: str, value, confirmed: bool, actor, request=None) -> RankingMethod:
    """Change one figure of a method version (and whether its source is confirmed) from
    /staff/policy/: city staff only, validated against the declared set (the weights must still
    add up to 1), audited with before/after."""
    from rankings.policy import METHOD, method_values

    if actor is None or not getattr(actor, "is_city_staff", False):
        raise DomainError(_("Only city-level staff may change the ranking method."), code="forbidden")
    method = RankingMethod.objects.select_for_update().filter(pk=method_id).first()
    if method is None:
        raise DomainError(_("This ranking method does not exist."), code="not_found")
    current = method_values(method)
    if name not in current:
        raise DomainError(_("The ranking method has no such figure."), code="not_found")
    try:
        clean = METHOD.validate({**current, name: value})
    except ValueError as exc:
        raise DomainError(str(exc), field="value") from None
    weights = rules.weights_as_json(rules.parse_weights({m: clean[f"weight_{m}"] for m in METRICS}))
    provisional = sorted((set(method.provisional or ()) - {name}) | (set() if confirmed else {name}))
    before = {"name": name, "value": current[name], "confirmed": name not in (method.provisional or ())}
    after = {"name": name, "value": clean[name], "confirmed": bool(confirmed)}
    if before == after:
        return method
    method.weights, method.top_n, method.correction_window_days = weights, clean["top_n"], clean["correction_window_days"]
    method.provisional, method.changed_by, method.changed_at = provisional, actor, timezone.now()
    method.save()
    audit("rankings.method.figure_changed", method, actor=actor, request=request, before=before, after=after, message=name)
    return method


@transaction.atomic
def method_set_weights(*, method_id: int, values: dict, confirmed: bool, actor, request=None) -> RankingMethod:
    """Change the five weights of a method version together from /staff/policy/ (they must add up
    to 1, so one at a time rarely can): city staff only, validated against the declared set,
    audited with before/after."""
    from rankings.policy import METHOD, method_values

    if actor is None or not getattr(actor, "is_city_staff", False):
        raise DomainError(_("Only city-level staff may change the ranking method."), code="forbidden")
    method = RankingMethod.objects.select_for_update().filter(pk=method_id).first()
    if method is None:
        raise DomainError(_("This ranking method does not exist."), code="not_found")
    names = set(METHOD.together)
    if not isinstance(values, dict) or set(values) != names:
        raise DomainError(_("Give one weight for each of: %(names)s.") % {"names": ", ".join(METRICS)}, field="weights")
    current = method_values(method)
    try:
        clean = METHOD.validate({**current, **values})
    except ValueError as exc:
        raise DomainError(str(exc), field="weights") from None
    weights = rules.weights_as_json(rules.parse_weights({m: clean[f"weight_{m}"] for m in METRICS}))
    was_provisional = names & set(method.provisional or ())
    before = {"weights": {n: current[n] for n in sorted(names)}, "confirmed": not was_provisional}
    after = {"weights": {n: clean[n] for n in sorted(names)}, "confirmed": bool(confirmed)}
    if before == after:
        return method
    method.weights = weights
    method.provisional = sorted((set(method.provisional or ()) - names) | (set() if confirmed else names))
    method.changed_by, method.changed_at = actor, timezone.now()
    method.save()
    audit("rankings.method.weights_changed", method, actor=actor, request=request, before=before, after=after)
    return method


# --- computation ---------------------------------------------------------------------------------


@transaction.atomic
def ranking_compute_start(*, ranking: Ranking, actor=None, queue: bool = True):
    """Guard and mark the ranking as computing; queue the chunked task after commit.
    Returns the TaskRun that shows progress."""
    from rankings import tasks

    RANKING.check("compute", actor, ranking)
    if not compute.year_has_data(ranking.year):
        raise DomainError(_("There are no monthly social-insurance figures for %(year)s.") % {"year": ranking.year}, code="conflict")
    rules.parse_weights(ranking.weights)
    max_id = compute.max_enterprise_id()
    run = progress.taskrun_create(
        kind="rankings.compute", label=_("Compute the %(year)s ranking") % {"year": ranking.year},
        total=max_id // compute.CHUNK + 2, started_by=actor if actor is not None and actor.pk else None,
    )
    RANKING.move("compute", ranking, actor=actor, updates={"compute_cursor": 0, "compute_run": run, "updated_at": timezone.now()},
                 record={"after": {"run": run.pk, "weights": ranking.weights}})
    compute.clear(ranking.pk)
    if queue:
        transaction.on_commit(lambda: tasks.compute_ranking.delay(ranking.pk, run.pk))
    return run


def ranking_compute_run(*, ranking_id: int, run_id: int) -> Ranking:
    """The chunked computation (resumable: rerunning continues at ``compute_cursor``)."""
    from wage_arrears.selectors import enterprise_ids_with_substantiated_case

    ranking = Ranking.objects.get(pk=ranking_id)
    if ranking.status != Ranking.Status.COMPUTING:
        return ranking
    progress.taskrun_start(run_id)
    try:
        arrears = set(enterprise_ids_with_substantiated_case(ranking.year))
        max_id = compute.max_enterprise_id()
        lo = ranking.compute_cursor
        while lo <= max_id:
            hi = (lo // compute.CHUNK + 1) * compute.CHUNK
            if compute.run_chunk(ranking_id, lo, hi, arrears):
                progress.taskrun_advance(run_id, 1)
            lo = Ranking.objects.values_list("compute_cursor", flat=True).get(pk=ranking_id)
            if lo < hi:  # another worker owns this ranking now
                return Ranking.objects.get(pk=ranking_id)
        ranking = _finalise(ranking_id)
    except Exception as exc:
        progress.taskrun_fail(run_id, str(exc))
        raise
    progress.taskrun_advance(run_id, 1)
    progress.taskrun_finish(run_id, result={"population": ranking.population_count, "excluded": ranking.excluded_count})
    return ranking


@transaction.atomic
def _finalise(ranking_id: int) -> Ranking:
    ranking = Ranking.objects.select_for_update().get(pk=ranking_id)
    if ranking.status != Ranking.Status.COMPUTING:
        return ranking
    population = compute.finalise(ranking)
    updates = {"population_count": population, "excluded_count": RankingExclusion.objects.filter(ranking=ranking).count(),
               "computed_at": timezone.now(), "needs_recompute": False, "updated_at": timezone.now()}
    if ranking.correction_deadline is None:
        updates["correction_deadline"] = workdays.add_working_days(clock.today(), ranking.correction_window_days)
    RANKING.move("computed", ranking, updates=updates, record={"after": {
        "population": population, "excluded": updates["excluded_count"],
        "correction_deadline": updates.get("correction_deadline", ranking.correction_deadline)}})
    return ranking


def ranking_compute(*, year: int, actor=None) -> Ranking:
    """Compute (or recompute) the preview now, in this process: the management command's service."""
    ranking = Ranking.objects.filter(year=year).first() or ranking_create(year=year, actor=actor)
    run = ranking_compute_start(ranking=ranking, actor=actor, queue=False)
    return ranking_compute_run(ranking_id=ranking.pk, run_id=run.pk)


def ranking_start_annual(*, today: dt.date | None = None) -> Ranking | None:
    """Beat entry (January): start computing last year's ranking if it has not been started."""
    year = (today or clock.today()).year - 1
    if Ranking.objects.filter(year=year).exclude(status=Ranking.Status.DRAFT).exists() or not compute.year_has_data(year):
        return None
    ranking = Ranking.objects.filter(year=year).first() or ranking_create(year=year, actor=None)
    ranking_compute_start(ranking=ranking, actor=None)
    return ranking


# --- publication ---------------------------------------------------------------------------------


@transaction.atomic
def ranking_publish(*, ranking: Ranking, actor=None, force: bool = False, reason: str = "") -> Ranking:
    reason = (reason or "").strip()
    locked = Ranking.objects.select_for_update().get(pk=ranking.pk)
    RANKING.check("publish", actor, locked)
    open_count = CorrectionRequest.objects.filter(ranking=locked, status=CorrectionRequest.Status.OPEN).count()
    window_open = locked.correction_deadline is not None and clock.today() <= locked.correction_deadline
    if (open_count or window_open) and not force:
        raise DomainError(
            _("The correction window is open until %(date)s and %(n)s correction requests are open: publish anyway only "
              "with force and a reason.") % {"date": locked.correction_deadline, "n": open_count},
            code="conflict",
        )
    if force and (open_count or window_open) and not reason:
        raise DomainError(_("Give the reason for publishing before the corrections are settled."), field="reason")
    rows = []
    for e in RankingEntry.objects.filter(pk__in=_published_ids(locked)).select_related("enterprise", "region").order_by("rank"):
        assert e.rank is not None and e.score is not None  # a computed ranking ranks and scores every entry
        rows.append(PublishedEntry(
            ranking=locked, rank=e.rank, enterprise_id_at_publication=e.enterprise_id, uscc=e.uscc, name=e.enterprise.name,
            region_code=e.region.code, region_name=e.region.name, size_class=e.size_class, score=e.score,
            total=compute.display_total(e.insured_sum), growth=e.growth, hires=e.hires,
            layoff_rate=_rate(e.claims, e.insured_sum), dispute_rate=_rate(e.disputes, e.insured_sum),
        ))
    PublishedEntry.objects.bulk_create(rows, batch_size=2000)
    RANKING.move("publish", locked, actor=actor, updates={
        "published_at": timezone.now(), "published_by": actor if actor is not None and actor.pk else None,
        "forced_reason": reason if (open_count or window_open) else "", "updated_at": timezone.now()},
        record={"after": {"entries": len(rows), "forced": bool(open_count or window_open), "reason": reason,
                          "open_corrections": open_count}})
    transaction.on_commit(bump_public_version)
    return locked


def _published_ids(ranking: Ranking) -> list[int]:
    """The rows that appear on a public list: the top N overall, of the large enterprises, of the
    small/medium/micro ones, and of each county-level region. Only these are frozen and published."""
    n = ranking.top_n
    seen_size: dict[str, int] = {}
    seen_region: dict[int, int] = {}
    chosen = []
    rows = RankingEntry.objects.filter(ranking=ranking).order_by("rank").values_list("id", "rank", "size_class", "region_id")
    for pk, rank, size, region_id in rows.iterator(5000):
        group = "large" if size == "large" else "sme"
        seen_size[group] = seen_size.get(group, 0) + 1
        seen_region[region_id] = seen_region.get(region_id, 0) + 1
        if (rank is not None and rank <= n) or seen_size[group] <= n or seen_region[region_id] <= n:
            chosen.append(pk)
    return chosen


def _rate(count: int, insured_sum: int) -> Decimal:
    """Per insured employee: count / (insured_sum / 12), 4 decimals for display."""
    return (Decimal(count) * 12 / Decimal(insured_sum)).quantize(Decimal("0.0001"))


@transaction.atomic
def ranking_withdraw(*, ranking: Ranking, actor=None, reason: str) -> Ranking:
    reason = (reason or "").strip()
    locked = Ranking.objects.select_for_update().get(pk=ranking.pk)
    RANKING.check("withdraw", actor, locked)
    if not reason:
        raise DomainError(_("Give the public reason for withdrawing the ranking."), field="reason")
    RANKING.move("withdraw", locked, actor=actor, record={"after": {"reason": reason}},
                 updates={"withdrawn_at": timezone.now(), "withdrawal_reason": reason, "updated_at": timezone.now()})
    ranking.refresh_from_db()
    transaction.on_commit(bump_public_version)
    return ranking


@transaction.atomic
def ranking_reopen(*, ranking: Ranking, actor=None) -> Ranking:
    """After a withdrawal: back to a draft so the year can be recomputed on the current figures and
    parameters, previewed (corrections open again) and published anew. The withdrawn list's frozen
    rows are removed (the audit entry keeps them: rank, USCC, name, county, score); the public
    pages keep saying the earlier list was withdrawn, and why, until the new one is published."""
    locked = Ranking.objects.select_for_update().get(pk=ranking.pk)
    RANKING.check("reopen", actor, locked)
    frozen = PublishedEntry.objects.filter(ranking=locked).order_by("rank")
    withdrawn_list = [[e.rank, e.uscc, e.name, e.region_code, f"{e.score:.2f}"] for e in frozen]  # kept in the audit entry
    removed, _by_model = frozen.delete()
    RANKING.move("reopen", locked, actor=actor, updates={
        "needs_recompute": True, "correction_deadline": None, "published_at": None, "published_by": None,
        "forced_reason": "", "updated_at": timezone.now()},
        record={"before": {"status": Ranking.Status.WITHDRAWN, "withdrawal_reason": locked.withdrawal_reason,
                           "withdrawn_list": withdrawn_list},
                "after": {"status": Ranking.Status.DRAFT, "published_rows_removed": removed}})
    transaction.on_commit(bump_public_version)
    locked.refresh_from_db()
    return locked


# --- corrections ---------------------------------------------------------------------------------


def _check_evidence(evidence) -> None:
    import filetype

    if evidence is None:
        raise DomainError(_("Attach the evidence (PDF, JPEG or PNG)."), field="evidence")
    if evidence.size > MAX_EVIDENCE_BYTES:
        raise DomainError(_("The evidence file is larger than 10 MB."), field="evidence")
    head = evidence.read(2048)
    evidence.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in EVIDENCE_TYPES:
        raise DomainError(_("The evidence must be a PDF, JPEG or PNG file."), field="evidence")


@transaction.atomic
def correction_request_file(
    *, ranking: Ranking, enterprise: Enterprise, actor, month: dt.date, field: str, claimed_value: int, explanation: str, evidence
) -> CorrectionRequest:
    from xingtai_jobs.core.scoping import scope_queryset

    if actor is None or not scope_queryset(Enterprise.objects.filter(pk=enterprise.pk), actor, enterprise_path="pk").exists():
        raise DomainError(_("You may only file corrections for your own enterprise."), code="forbidden")
    locked = Ranking.objects.select_for_update().get(pk=ranking.pk)
    if locked.status != Ranking.Status.PREVIEW or locked.correction_deadline is None:
        raise DomainError(_("This ranking is not open for corrections."), code="conflict")
    if clock.today() > locked.correction_deadline:
        raise DomainError(
            _("The correction window closed on %(date)s.") % {"date": locked.correction_deadline}, code="conflict"
        )
    if field not in CorrectionRequest.Field.values:
        raise DomainError(_("Choose which figure is wrong."), field="field")
    if claimed_value is None or claimed_value < 0:
        raise DomainError(_("The correct value must be a whole number, not negative."), field="claimed_value")
    month = month.replace(day=1)
    if not (dt.date(locked.year - 1, 12, 1) <= month <= dt.date(locked.year, 12, 1)):
        raise DomainError(_("The month must be in the ranking year (or December of the year before)."), field="month")
    if not (explanation or "").strip():
        raise DomainError(_("Explain what is wrong."), field="explanation")
    _check_evidence(evidence)
    record = InsuranceMonth.objects.filter(enterprise=enterprise, month=month).first()
    if record is None:
        raise DomainError(_("There is no monthly record for %(month)s to correct.") % {"month": f"{month:%Y-%m}"}, field="month")
    request = CorrectionRequest.objects.create(
        ranking=locked, enterprise=enterprise, region_id=enterprise.region_id, month=month, field=field,
        recorded_value=getattr(record, field), claimed_value=claimed_value, explanation=explanation.strip(),
        evidence=evidence, filed_by=actor,
    )
    audit("rankings.correction.filed", request, actor=actor, region=enterprise.region_id,
          after={"month": month, "field": field, "recorded": request.recorded_value, "claimed": claimed_value})
    return request


@transaction.atomic
def correction_request_resolve(*, request: CorrectionRequest, actor, accept: bool, note: str = "") -> CorrectionRequest:
    from rankings.selectors import corrections_for

    if actor is None or not actor.has_perm("rankings.change_correctionrequest") or not corrections_for(actor).filter(pk=request.pk).exists():
        raise DomainError(_("You may not resolve this correction request."), code="forbidden")
    note = (note or "").strip()
    if not accept and not note:
        raise DomainError(_("Give the reason for rejecting the request."), field="note")
    ranking = Ranking.objects.select_for_update().get(pk=request.ranking_id)
    if ranking.status not in (Ranking.Status.PREVIEW, Ranking.Status.COMPUTING):
        raise DomainError(_("The ranking has been published: corrections can no longer change it."), code="conflict")
    updated = CorrectionRequest.objects.filter(pk=request.pk, status=CorrectionRequest.Status.OPEN).update(
        status=CorrectionRequest.Status.ACCEPTED if accept else CorrectionRequest.Status.REJECTED,
        resolved_by=actor, resolved_at=timezone.now(), resolution_note=note,
    )
    if updated != 1:
        raise DomainError(_("This correction request has already been resolved."), code="conflict")
    request.refresh_from_db()
    if accept:
        enterprise_services.insurance_month_correct(
            enterprise=request.enterprise, month=request.month, field=request.field, value=request.claimed_value,
            actor=actor, audit_action="rankings.insurance_month.corrected", message=f"correction request {request.pk}")
        Ranking.objects.filter(pk=ranking.pk).update(needs_recompute=True)
    audit("rankings.correction.accepted" if accept else "rankings.correction.rejected", request, actor=actor,
          region=request.region_id, after={"note": note})
    return request


# --- key enterprises -----------------------------------------------------------------------------


@transaction.atomic
def key_enterprise_designate(*, enterprise: Enterprise, actor, reason: str, designated_on: dt.date) -> KeyEnterpriseDesignation:
    from enterprises.models import Enterprise as E
    from xingtai_jobs.core.scoping import scope_queryset

    if actor is None or not actor.has_perm("rankings.add_keyenterprisedesignation") or not scope_queryset(
        E.objects.filter(pk=enterprise.pk), actor
    ).exists():
        raise DomainError(_("You may not designate this enterprise."), code="forbidden")
    ensure_actor_may_see(actor, enterprise)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the designation."), field="reason")
    if designated_on > clock.today():
        raise DomainError(_("The designation date cannot be in the future."), field="designated_on")
    locked = E.objects.select_for_update().get(pk=enterprise.pk)
    if KeyEnterpriseDesignation.objects.filter(enterprise=locked, revoked_on__isnull=True).exists():
        raise DomainError(_("This enterprise is already a key enterprise."), code="conflict")
    designation = KeyEnterpriseDesignation.objects.create(
        enterprise=locked, region_id=locked.region_id, reason=reason, designated_on=designated_on, designated_by=actor
    )
    enterprise_services.enterprise_set_key(enterprise=locked, actor=actor, key=True, audit_action="rankings.key_enterprise.designated",
                                           details={"reason": reason, "designated_on": designated_on})
    return designation


@transaction.atomic
def key_enterprise_revoke(*, designation: KeyEnterpriseDesignation, actor, reason: str) -> KeyEnterpriseDesignation:
    from rankings.selectors import key_designations_for

    if actor is None or not actor.has_perm("rankings.change_keyenterprisedesignation") or not key_designations_for(
        actor
    ).filter(pk=designation.pk).exists():
        raise DomainError(_("You may not revoke this designation."), code="forbidden")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for revoking the designation."), field="reason")
    updated = KeyEnterpriseDesignation.objects.filter(pk=designation.pk, revoked_on__isnull=True).update(
        revoked_on=clock.today(), revoke_reason=reason
    )
    if updated != 1:
        raise DomainError(_("This designation has already been revoked."), code="conflict")
    designation.refresh_from_db()
    enterprise_services.enterprise_set_key(enterprise=designation.enterprise, actor=actor, key=False,
                                           audit_action="rankings.key_enterprise.revoked", details={"reason": reason})
    return designation


# --- job demand ----------------------------------------------------------------------------------


@transaction.atomic
def job_demand_file(
    *, enterprise: Enterprise, actor, year: int, quarter: int, occupation: str, headcount: int, education: str,
    skill_level: str, pay_min: Decimal, pay_max: Decimal, region=None,
) -> JobDemand:
    from xingtai_jobs.core.scoping import scope_queryset

    if actor is None or not scope_queryset(Enterprise.objects.filter(pk=enterprise.pk), actor, enterprise_path="pk").exists():
        raise DomainError(_("You may only file job demand for your own enterprise."), code="forbidden")
    if region is not None and region.pk != enterprise.region_id:
        ensure_actor_may_see(actor, region)
    occupation = (occupation or "").strip()
    if not occupation:
        raise DomainError(_("Name the occupation."), field="occupation")
    if quarter not in (1, 2, 3, 4):
        raise DomainError(_("The quarter must be 1 to 4."), field="quarter")
    this_year = clock.today().year
    if not this_year - 1 <= year <= this_year + 1:
        raise DomainError(_("The year must be last year, this year or next year."), field="year")
    if headcount is None or headcount < 1:
        raise DomainError(_("The number of people must be at least 1."), field="headcount")
    if pay_min is None or pay_max is None or pay_min < 0 or pay_max < pay_min:
        raise DomainError(_("The pay range must be two amounts, the second not below the first."), field="pay_max")
    demand = JobDemand.objects.create(
        enterprise=enterprise, region_id=(region.pk if region is not None else enterprise.region_id),
        industry_code=enterprise.industry_code, year=year, quarter=quarter, occupation=occupation, headcount=headcount,
        education=education, skill_level=skill_level, pay_min=pay_min, pay_max=pay_max,
        filed_by=actor if actor.pk else None,
    )
    audit("rankings.job_demand.filed", demand, actor=actor, region=demand.region_id,
          after={"occupation": occupation, "headcount": headcount, "year": year, "quarter": quarter})
    transaction.on_commit(bump_public_version)  # the public aggregated table changes
    return demand


__all__ = [
    "correction_request_file",
    "correction_request_resolve",
    "job_demand_file",
    "key_enterprise_designate",
    "key_enterprise_revoke",
    "method_in_force",
    "method_set_parameter",
    "ranking_compute",
    "ranking_compute_run",
    "ranking_compute_start",
    "ranking_create",
    "ranking_publish",
    "ranking_set_parameters",
    "ranking_start_annual",
    "ranking_withdraw",
]
