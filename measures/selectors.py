"""Reads of the register: progress of every indicator for a year as it stood on a date, the county
table, the monthly trend, reports and registry rows with visibility.

``register_progress`` returns plain dicts (JSON-able) so the API, the pages, the export and the
cache share one computation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch

from measures import rules, sources
from measures.models import REGISTRY_MODELS, Indicator, Measure, Report, Snapshot
from xingtai_jobs.core import clock
from xingtai_jobs.core.reference import regions_by_code
from xingtai_jobs.core.scoping import reference_model, scope_queryset, selector_for

MIN_YEAR = 2020


def default_as_of(year: int, today: dt.date | None = None) -> dt.date:
    today = today or clock.today()
    return min(today, dt.date(year, 12, 31))


def default_year(today: dt.date | None = None) -> int:
    """The latest year up to this one that has yearly targets (this year when none has)."""
    today = today or clock.today()
    for year in range(today.year, MIN_YEAR - 1, -1):
        if targets_for(year):
            return year
    return today.year


def year_bounds(today: dt.date | None = None) -> tuple[int, int]:
    today = today or clock.today()
    return MIN_YEAR, today.year + 1


def figure(value: Decimal | None, kind: str):
    """How a figure is written in the API: counts as integers, yuan and percentages as strings."""
    if value is None:
        return None
    if kind == Indicator.Unit.YUAN:
        return str(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    if kind == Indicator.Unit.PERCENT:
        return str(Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else str(value.normalize())


@dataclass(frozen=True)
class YearTarget:
    value: Decimal
    source: str
    confirmed: bool


def targets_for(year: int) -> dict[tuple[str, bool], YearTarget]:
    """The yearly targets in force at the end of ``year`` (kernel policy figures, served from the
    reference memo): (indicator code, per county?) → YearTarget. A figure without a valid value
    for the year is absent (its indicator shows "no data")."""
    from xingtai_jobs.core import policy

    on = dt.date(year, 12, 31)
    out = {}
    for state in policy.figures("measures."):
        row = state.in_force(on)
        if row is None or row.pk in state.errors:
            continue
        name = state.spec.key.split(".", 1)[1]
        per_county = name.endswith("_per_county")
        code = name.removesuffix("_per_county")
        out[(code, per_county)] = YearTarget(Decimal(state.spec.parse(row.value)), row.source, row.confirmed)
    return out


def city_targets(year: int, codes) -> dict[str, Decimal]:
    """City-wide yearly targets by indicator code (recruitment's results page reads these)."""
    targets = targets_for(year)
    return {code: targets[(code, False)].value for code in codes if (code, False) in targets}


def _indicator_progress(indicator: Indicator, year: int, as_of: dt.date, targets: dict, *, regions=None, trend=True) -> dict:
    series = sources.series_for(indicator, year)
    months = indicator.months
    due = rules.deadline(year, indicator.schedule, months)
    expected = rules.expected_share(year, as_of, indicator.schedule, months)
    target = targets.get((indicator.code, False))
    value = rules.value_at(series, as_of)
    row = {
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "kind": indicator.kind,
        "year": year,
        "target": figure(target.value, indicator.kind) if target else None,
        "target_confirmed": bool(target and target.confirmed),
        "target_source": target.source if target else "",
        "value": figure(value, indicator.kind),
        "deadline": due.isoformat(),
        "schedule": indicator.schedule,
        "scheduled_months": months,
        "expected_share": rules.share_text(expected),
        "status": rules.status(value=value, target=target.value if target else None, expected=expected, as_of=as_of, due=due),
        "source": indicator.source,
        "source_name": indicator.source_name,
        "definition": indicator.definition,
        "breakdown": indicator.breakdown,
        "as_of": as_of.isoformat(),
        "data_date": (d.isoformat() if (d := rules.last_date(series, as_of)) else None),
    }
    if value is not None and target:
        row["share"] = rules.share_text(rules.Fraction(Decimal(value)) / rules.Fraction(target.value))
    else:
        row["share"] = None
    if trend:
        row["trend"] = [{"date": d.isoformat(), "value": figure(rules.value_at(series, d), indicator.kind)}
                        for d in rules.month_ends(year, as_of)]
    if regions is not None:
        by_region = []
        for region in regions:
            county_target = targets.get((indicator.code, True))
            county_value = rules.value_at(series, as_of, region.pk)
            by_region.append({
                "region_code": region.code, "region_name": region.name,
                "value": figure(county_value, indicator.kind),
                "target": figure(county_target.value, indicator.kind) if county_target else None,
                "status": rules.status(value=county_value, target=county_target.value, expected=expected, as_of=as_of, due=due)
                if county_target else None,
            })
        row["by_region"] = by_region
    return row


def _measures():
    return Measure.objects.prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("order", "code")))


def register_progress(*, year: int, as_of: dt.date, number: int | None = None, with_regions: bool = False,
                      region_codes: set[str] | None = None, trend: bool = True) -> list[dict]:
    """Every measure with its indicators' progress (or only measure ``number``)."""
    targets = targets_for(year)
    regions = None
    if with_regions:
        regions = [r for code, r in regions_by_code().items() if region_codes is None or code in region_codes]
    measures = _measures()
    if number is not None:
        measures = measures.filter(number=number)
    out = []
    for measure in measures:
        out.append({
            "number": measure.number,
            "title": measure.title,
            "lead_office": measure.lead_office,
            "lead_office_confirmed": measure.lead_office_confirmed,
            "clause": measure.clause,
            "indicators": [_indicator_progress(i, year, as_of, targets, regions=regions, trend=trend) for i in measure.indicators.all()],
        })
    return out


def status_counts(measures: list[dict]) -> dict[str, int]:
    counts = dict.fromkeys(rules.STATUSES, 0)
    for measure in measures:
        for ind in measure["indicators"]:
            counts[ind["status"]] += 1
    return counts


def snapshots_for(year: int, codes: list[str] | None = None):
    qs = Snapshot.objects.filter(year=year).select_related("indicator").order_by("indicator__code", "taken_on")
    if codes:
        qs = qs.filter(indicator__code__in=codes)
    return qs


# --- reports and registries (scoped) -------------------------------------------------------------


@selector_for(Report)
def reports_for(user):
    """County staff: their county's reports (and none of the city's); city staff: all."""
    qs = Report.objects.select_related("indicator__measure", "region", "submitted_by", "decided_by")
    return scope_queryset(qs, user, region_path="region")


def reportable_indicators():
    from django.db.models import Q

    return Indicator.objects.filter(Q(source=Indicator.Source.REPORTED) | Q(source_name__in=sources.REPORT_FALLBACK)).select_related("measure").order_by("measure__number", "order")


def registry_rows(model, user):
    """A registry's rows: county staff their county's, city staff all (the model's registered selector)."""
    return scope_queryset(model.objects.select_related("region"), user, region_path="region")


REGISTRIES = {model._meta.model_name: model for model in REGISTRY_MODELS}
for _model in REGISTRY_MODELS:
    selector_for(_model)(lambda user, _m=_model: registry_rows(_m, user))
reference_model(Measure, Indicator, Snapshot)  # the register itself: public figures, staff see every row


def public_craftsmen(year: int | None = None):
    """Published 工匠之星 (approved rows): name, employer, occupation, achievements only."""
    from measures.models import Craftsman

    qs = Craftsman.objects.filter(approved=True)
    if year:
        qs = qs.filter(publicity_date__year=year)
    return qs.order_by("-publicity_date", "name").values("name", "employer", "occupation", "achievements", "publicity_date")


def period_from_query(query, *, strict: bool) -> tuple[int, dt.date]:
    """``?year=`` and ``?as_of=YYYY-MM-DD``: the year (default: that of ``as_of``, else this year)
    and the date the figures stand on (default: today, or the year's end for a past year).
    ``strict`` (the API) refuses bad values with a message; pages ignore them."""
    from django.utils.translation import gettext as _

    from xingtai_jobs.core.errors import DomainError

    low, high = year_bounds()
    today = clock.today()
    year = as_of = None
    raw_year = (query.get("year") or "").strip()
    raw_as_of = (query.get("as_of") or "").strip()
    if strict and "year" in query and not raw_year:
        raise DomainError(_("The year must be between %(low)s and %(high)s.") % {"low": low, "high": high}, field="year")
    if strict and "as_of" in query and not raw_as_of:
        raise DomainError(_("as_of must be a date written YYYY-MM-DD between %(low)s and %(high)s.")
                          % {"low": low, "high": high}, field="as_of")
    if raw_year:
        if raw_year.isdigit() and low <= int(raw_year) <= high:
            year = int(raw_year)
        elif strict:
            raise DomainError(_("The year must be between %(low)s and %(high)s.") % {"low": low, "high": high}, field="year")
    if raw_as_of:
        try:
            as_of = dt.date.fromisoformat(raw_as_of) if len(raw_as_of) == len("YYYY-MM-DD") else None
        except ValueError:
            as_of = None
        if as_of is not None and not (dt.date(low, 1, 1) <= as_of <= dt.date(high, 12, 31)):
            as_of = None
        if as_of is None and strict:
            raise DomainError(_("as_of must be a date written YYYY-MM-DD between %(low)s and %(high)s.")
                              % {"low": low, "high": high}, field="as_of")
    if year is None:
        year = as_of.year if as_of else default_year(today)
    if as_of is None:
        as_of = default_as_of(year, today)
    return year, as_of
