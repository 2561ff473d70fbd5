"""Where each indicator's figures come from: one named function per source, each returning a
``rules.Series`` for a year (rows grouped by date and county in the database, so a source costs
one or two queries whatever the data volume).

- computed: the portal's own data (rankings, subsidies, recruitment, wage arrears), the same
  definitions the apps use;
- registry: the approved rows of this app's registries;
- reported: the approved (not superseded) reports of counties and the city.

Public figures: no user scoping here; the selectors decide who sees which county."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import Count, DateField, F, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from measures import models as m
from measures.rules import CLEARED, DISTINCT, SHARE, SUM, Series

COMPUTED: dict[str, Callable[[int], Series]] = {}
# computed sources that take the counties' approved reports where the person layer holds nothing
# (and the social-insurance subsidy while the portal does not pay it: the city reports what the
# social-insurance agency paid)
REPORT_FALLBACK = ("persons.reemployed_unemployed", "persons.hard_to_employ_employed", "subsidies.si_subsidy_paid")
REGISTRY: dict[str, Callable[[int], Series]] = {}


def computed(name: str):
    def register(fn):
        COMPUTED[name] = fn
        return fn
    return register


def registry(name: str):
    def register(fn):
        REGISTRY[name] = fn
        return fn
    return register


def _day(field: str):
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


def _sum_rows(qs, date_expr, region_field: str, amount) -> list:
    """(date, region_id, amount) rows, one per day and county."""
    return [(r["d"], r["r"], r["n"]) for r in qs.annotate(d=date_expr, r=F(region_field)).values("d", "r")
            .annotate(n=amount).order_by() if r["d"] is not None]


# --- computed ------------------------------------------------------------------------------------


@computed("rankings.published")
def ranking_published(year: int) -> Series:
    from rankings.models import Ranking

    rows = [(r.published_at.astimezone(timezone.get_current_timezone()).date(), None, 1)
            for r in Ranking.objects.filter(status=Ranking.Status.PUBLISHED, published_at__year=year).only("published_at")]
    return Series(SUM, rows)


SI_SUBSIDY_SCHEMES = ("social_insurance_subsidy",)


@computed("subsidies.si_subsidy_paid")
def si_subsidy_paid(year: int) -> Series:
    from subsidies.models import PayoutItem, Scheme

    if not Scheme.objects.filter(code__in=SI_SUBSIDY_SCHEMES).exists():
        # the portal does not pay this subsidy (yet): the approved reports of what was paid outside
        # it (the city's or the counties'); none approved: no data, not zero
        return Series(SUM, _report_rows("si_subsidy_paid", year), empty_is_no_data=True)
    qs = PayoutItem.objects.filter(scheme__code__in=SI_SUBSIDY_SCHEMES, status=PayoutItem.Status.PAID,
                                   batch__reconciled_at__year=year)
    return Series(SUM, _sum_rows(qs, _day("batch__reconciled_at"), "application__region_id", Sum("amount")))


def _held_events(year: int):
    from recruitment.models import Event
    from recruitment.selectors import HELD_STATUSES

    return Event.objects.filter(starts_at__year=year, status__in=HELD_STATUSES)


@computed("recruitment.brand_events")
def brand_events(year: int) -> Series:
    return Series(SUM, _sum_rows(_held_events(year).filter(series__is_brand=True), _day("starts_at"), "region_id", Count("id")))


@computed("recruitment.graduate_events")
def graduate_events(year: int) -> Series:
    from recruitment.models import Event

    qs = _held_events(year).filter(Q(for_graduates=True) | Q(kind__in=Event.GRADUATE_KINDS))
    return Series(SUM, _sum_rows(qs, _day("starts_at"), "region_id", Count("id")))


@computed("recruitment.intentions")
def intentions(year: int) -> Series:
    """Intentions recorded at the year's events (dated when recorded) and the intentions of the
    year's livestreams (dated by the stream), as recruitment counts them."""
    from recruitment.models import Intention, LivestreamResult

    rows = _sum_rows(Intention.objects.filter(event__starts_at__year=year), _day("recorded_at"), "event__region_id", Count("id"))
    rows += _sum_rows(LivestreamResult.objects.filter(event__starts_at__year=year), _day("event__starts_at"), "event__region_id",
                      Sum("intentions"))
    return Series(SUM, rows)


@computed("recruitment.livestream_visits")
def livestream_visits(year: int) -> Series:
    from recruitment.models import LivestreamResult

    qs = LivestreamResult.objects.filter(event__starts_at__year=year)
    return Series(SUM, _sum_rows(qs, _day("event__starts_at"), "event__region_id", Sum("enterprise_visits")))


@computed("recruitment.internship_posts")
def internship_posts(year: int) -> Series:
    from recruitment.models import InternshipPost

    qs = InternshipPost.objects.filter(status=InternshipPost.Status.APPROVED, approved_at__year=year)
    return Series(SUM, _sum_rows(qs, _day("approved_at"), "region_id", Sum("positions")))


@computed("recruitment.graduate_contact_rate")
def graduate_contact_rate(year: int) -> Series:
    """Every ledger entry on the books by the date; met on its first reached service of the year."""
    from recruitment.models import GraduateEntry, ServiceRecord

    first = (ServiceRecord.objects.filter(entry=OuterRef("pk"), reached=True, date__year=year).order_by()
             .values("entry").annotate(d=Min("date")).values("d"))
    qs = (GraduateEntry.objects.filter(created_at__year__lte=year)
          .annotate(met=Subquery(first, output_field=DateField()), entered=_day("created_at"))
          .values("entered", "met", "household_region_id").annotate(n=Count("id")).order_by())
    rows = [(max(r["entered"], dt.date(year, 1, 1)), r["met"], r["household_region_id"], r["n"]) for r in qs]
    return Series(SHARE, rows, available=bool(rows))


@computed("recruitment.officer_compliance")
def officer_compliance(year: int) -> Series:
    """Above-scale enterprises; met on the day their second active officer was registered."""
    from enterprises.models import Enterprise
    from recruitment.models import RecommendationOfficer

    officers: dict[int, list[dt.date]] = {}
    tz = timezone.get_current_timezone()
    for ent_id, created in (RecommendationOfficer.objects.filter(is_active=True, enterprise__above_scale=True)
                            .values_list("enterprise_id", "created_at")):
        officers.setdefault(ent_id, []).append(created.astimezone(tz).date())
    start = dt.date(year, 1, 1)
    counts: dict[tuple, int] = {}
    for ent_id, region_id in Enterprise.objects.filter(above_scale=True).values_list("id", "region_id"):
        dates = sorted(officers.get(ent_id, []))
        met = max(dates[1], start) if len(dates) >= 2 else None
        counts[(start, met, region_id)] = counts.get((start, met, region_id), 0) + 1
    rows = [(entered, met, region_id, n) for (entered, met, region_id), n in counts.items()]
    return Series(SHARE, rows, available=bool(rows))


def _accepted_complaints(year: int):
    from wage_arrears.models import Complaint, Status

    return Complaint.objects.filter(received_on__year=year).exclude(status__in=(Status.SUBMITTED, Status.NOT_ACCEPTED))


def _share_rows(qs, met_expr) -> list:
    return [(r["received_on"], r["met"], r["region_id"], r["n"])
            for r in qs.annotate(met=met_expr).values("received_on", "met", "region_id").annotate(n=Count("id")).order_by()]


@computed("wage_arrears.complaints_assigned")
def complaints_assigned(year: int) -> Series:
    rows = _share_rows(_accepted_complaints(year), F("assigned_on"))
    return Series(SHARE, rows, available=bool(rows))


@computed("wage_arrears.complaints_cleared")
def complaints_cleared(year: int) -> Series:
    rows = _share_rows(_accepted_complaints(year), Coalesce("resolved_on", "closed_on"))
    return Series(SHARE, rows, available=bool(rows))


@computed("wage_arrears.reception_fridays")
def reception_fridays(year: int) -> Series:
    from wage_arrears.models import ReceptionSession

    rows = [(d, r, d) for d, r in ReceptionSession.objects.filter(held=True, date__year=year, date__week_day=6)
            .values_list("date", "region_id")]
    return Series(DISTINCT, rows)


# --- measure 16: the person layer, county reports where it holds nothing --------------------------


def _employed_rows(year: int, eligible: dict[int, list[tuple[dt.date, dt.date | None, int]]]) -> list:
    """(date, region_id, 1) once per person and year: a labour contract starting in the year while
    the person was eligible (registered unemployed / certified hard to employ: (from, to, region)),
    with a paid (not in arrears) contribution month with that employer from the contract's month on.
    Dated when both hold (the later of the contract start and the first paid month)."""
    from persons.models import LabourContract, PersonContribution

    if not eligible:
        return []
    contracts = (LabourContract.objects.filter(starts_on__year=year, person_id__in=list(eligible))
                 .values_list("person_id", "enterprise_id", "starts_on").order_by("person_id", "starts_on"))
    paid: dict[tuple[int, int], list[dt.date]] = {}
    for person_id, ent_id, month in (PersonContribution.objects.filter(person_id__in=list(eligible), in_arrears=False,
                                                                       month__year__gte=year)
                                     .values_list("person_id", "enterprise_id", "month")):
        paid.setdefault((person_id, ent_id), []).append(month)
    best: dict[int, tuple[dt.date, int]] = {}
    for person_id, ent_id, starts_on in contracts:
        windows = [w for w in eligible[person_id] if w[0] <= starts_on and (w[1] is None or starts_on <= w[1])]
        if not windows:
            continue
        months = sorted(m for m in paid.get((person_id, ent_id), []) if m >= starts_on.replace(day=1))
        if not months:
            continue
        when = max(starts_on, months[0])
        if when.year != year:
            continue
        if person_id not in best or when < best[person_id][0]:
            best[person_id] = (when, windows[0][2])
    return [(when, region_id, 1) for when, region_id in best.values()]


def _with_county_reports(code: str, year: int, rows: list, covered: set[int]) -> Series:
    """Person-layer rows for the counties it covers; the approved reports of every other county."""
    reports = [(d, r, n) for d, r, n in _report_rows(code, year) if r not in covered]
    all_rows = rows + reports
    return Series(SUM, all_rows, empty_is_no_data=True)


@computed("persons.reemployed_unemployed")
def reemployed_unemployed(year: int) -> Series:
    from persons.models import UnemploymentRegistration

    eligible: dict[int, list] = {}
    covered: set[int] = set()
    # a registration ended by the new job counts: the contract may start up to its end date
    for person_id, start, end, region_id in (UnemploymentRegistration.objects.filter(registered_on__lte=dt.date(year, 12, 31))
                                             .exclude(ended_on__lt=dt.date(year, 1, 1))
                                             .values_list("person_id", "registered_on", "ended_on", "region_id")):
        eligible.setdefault(person_id, []).append((start, end, region_id))
        covered.add(region_id)
    return _with_county_reports("reemployed_unemployed", year, _employed_rows(year, eligible), covered)


@computed("persons.hard_to_employ_employed")
def hard_to_employ_employed(year: int) -> Series:
    from persons.models import HardshipCertification

    eligible: dict[int, list] = {}
    covered: set[int] = set()
    for person_id, start, end, region_id in (HardshipCertification.objects.filter(certified_on__lte=dt.date(year, 12, 31))
                                             .exclude(valid_until__lt=dt.date(year, 1, 1))
                                             .values_list("person_id", "certified_on", "valid_until", "region_id")):
        eligible.setdefault(person_id, []).append((start, end, region_id))
        covered.add(region_id)
    return _with_county_reports("hard_to_employ_employed", year, _employed_rows(year, eligible), covered)


# --- registries ----------------------------------------------------------------------------------


def _approved(model):
    return model.objects.filter(approved=True)


def _registry_sum(qs, date_field: str, amount=None) -> Series:
    rows = [(r[date_field], r["region_id"], r["n"]) for r in
            qs.values(date_field, "region_id").annotate(n=amount if amount is not None else Count("id")).order_by()]
    return Series(SUM, rows, empty_is_no_data=True)


@registry("training_classes.count")
def training_classes(year: int) -> Series:
    return _registry_sum(_approved(m.TrainingClass).filter(start__year=year), "start")


@registry("training_classes.enrolled")
def training_trainees(year: int) -> Series:
    return _registry_sum(_approved(m.TrainingClass).filter(start__year=year), "start", Sum("enrolled"))


@registry("training_classes.categories")
def training_categories(year: int) -> Series:
    rows = list(_approved(m.TrainingClass).filter(start__year=year).values_list("start", "region_id", "category"))
    return Series(DISTINCT, rows, empty_is_no_data=True)


@registry("competitions.city")
def city_competitions(year: int) -> Series:
    return _registry_sum(_approved(m.Competition).filter(date__year=year, level__in=m.Competition.CITY_LEVELS), "date")


@registry("craftsmen.count")
def craftsmen(year: int) -> Series:
    return _registry_sum(_approved(m.Craftsman).filter(publicity_date__year=year), "publicity_date")


@registry("volunteers.recruited")
def volunteers(year: int) -> Series:
    return _registry_sum(_approved(m.VolunteerQuota).filter(year=year), "as_of", Sum("recruited"))


def _brands(level: str | None, year: int) -> Series:
    qs = _approved(m.LabourBrand).filter(recognised_on__lte=dt.date(year, 12, 31))  # cumulative (累计)
    if level:
        qs = qs.filter(level=level)
    return _registry_sum(qs, "recognised_on")


@registry("brands.provincial")
def provincial_brands(year: int) -> Series:
    return _brands(m.LabourBrand.Level.PROVINCIAL, year)


@registry("brands.municipal")
def municipal_brands(year: int) -> Series:
    return _brands(m.LabourBrand.Level.MUNICIPAL, year)


@registry("brands.county_coverage")
def county_brand_coverage(year: int) -> Series:
    rows = [(d, r, r) for d, r in _approved(m.LabourBrand).filter(recognised_on__lte=dt.date(year, 12, 31))
            .values_list("recognised_on", "region_id")]
    return Series(DISTINCT, rows, empty_is_no_data=True)


@registry("service_points.demonstration")
def demonstration_points(year: int) -> Series:
    qs = _approved(m.ServicePoint).filter(kind=m.ServicePoint.Kind.DEMONSTRATION, designated_on__lte=dt.date(year, 12, 31))
    return _registry_sum(qs, "designated_on")


@registry("service_points.community")
def full_employment_communities(year: int) -> Series:
    qs = _approved(m.ServicePoint).filter(kind=m.ServicePoint.Kind.COMMUNITY, designated_on__lte=dt.date(year, 12, 31))
    return _registry_sum(qs, "designated_on")


@registry("zero_employment.cleared")
def zero_employment(year: int) -> Series:
    """Each county's latest count (month-end dated); counties never reporting are not cleared."""
    from measures.rules import month_end

    rows = [(month_end(mo.year, mo.month), r, n) for mo, r, n in _approved(m.ZeroEmploymentCount)
            .filter(month__year=year).values_list("month", "region_id", "families")]
    return Series(CLEARED, rows)


@registry("first_lessons.count")
def first_lessons(year: int) -> Series:
    return _registry_sum(_approved(m.FirstLesson).filter(date__year=year), "date")


def _harmonious(level: str, year: int) -> Series:
    return _registry_sum(_approved(m.HarmoniousUnit).filter(level=level, year_awarded=year), "awarded_on")


@registry("harmonious.enterprise")
def harmonious_enterprises(year: int) -> Series:
    return _harmonious(m.HarmoniousUnit.Level.ENTERPRISE, year)


@registry("harmonious.park")
def harmonious_parks(year: int) -> Series:
    return _harmonious(m.HarmoniousUnit.Level.PARK, year)


@registry("harmonious.township")
def harmonious_townships(year: int) -> Series:
    return _harmonious(m.HarmoniousUnit.Level.TOWNSHIP, year)


@registry("gig_insurance.covers")
def gig_covers(year: int) -> Series:
    rows = list(_approved(m.GigInsurancePeriod).filter(period_end__year=year, persons_covered__gt=0)
                .values_list("period_end", "region_id", "cover"))
    return Series(DISTINCT, rows, empty_is_no_data=True)


# --- reported ------------------------------------------------------------------------------------


def _report_rows(code: str, year: int) -> list:
    qs = m.Report.objects.filter(indicator__code=code, status=m.Report.Status.APPROVED, period_end__year=year)
    return [(r["period_end"], r["region_id"], r["n"]) for r in
            qs.values("period_end", "region_id").annotate(n=Sum("value")).order_by()]


def reported(indicator: m.Indicator, year: int) -> Series:
    """Approved reports of periods ending in the year add up, dated by the period's end."""
    return Series(SUM, _report_rows(indicator.code, year), empty_is_no_data=True)


def series_for(indicator: m.Indicator, year: int) -> Series:
    if indicator.source == m.Indicator.Source.COMPUTED:
        fn = COMPUTED.get(indicator.source_name)
    elif indicator.source == m.Indicator.Source.REGISTRY:
        fn = REGISTRY.get(indicator.source_name)
    else:
        return reported(indicator, year)
    if fn is None:  # a misnamed source must not break the page: it shows "no data"
        return Series(SUM, available=False)
    return fn(year)
