"""Reads with visibility. Public reads show only published data; staff reads go through
scope_queryset (county staff: their region; enterprise users: their enterprise)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from recruitment.models import (
    Event,
    EventParticipant,
    GraduateEntry,
    Intention,
    InternshipPost,
    JobApplication,
    JobPosting,
    LivestreamResult,
    RecommendationOfficer,
    Registration,
    WorkQueueItem,
)
from recruitment.rules import Package1131
from xingtai_jobs.core import clock
from xingtai_jobs.core.scoping import reference_model, scope_queryset, selector_for

PUBLIC_STATUSES = (Event.Status.PUBLISHED, Event.Status.ONGOING, Event.Status.CLOSED, Event.Status.RESULTS)
HELD_STATUSES = (Event.Status.ONGOING, Event.Status.CLOSED, Event.Status.RESULTS)


# --- public ------------------------------------------------------------------------------------


def public_events(*, kind: str = "", region_id: int | None = None, date_from: dt.date | None = None,
                  date_to: dt.date | None = None) -> QuerySet[Event]:
    qs = Event.objects.filter(status__in=PUBLIC_STATUSES).select_related("region", "series")
    if kind:
        qs = qs.filter(kind=kind)
    if region_id:
        qs = qs.filter(region_id=region_id)
    if date_from:
        qs = qs.filter(ends_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(starts_at__date__lte=date_to)
    return qs.order_by("starts_at", "id")


def public_event(pk: int) -> Event | None:
    postings = JobPosting.objects.filter(is_active=True).select_related("region").order_by("id")
    participants = (
        EventParticipant.objects.filter(status=EventParticipant.Status.APPROVED).select_related("enterprise").order_by("id")
    )
    event = Event.objects.filter(pk=pk, status__in=PUBLIC_STATUSES).select_related("region", "series").first()
    if event is None:
        return None
    event.approved_participants = list(participants.filter(event=event))  # type: ignore[attr-defined]  # for the template
    by_enterprise: dict[int, list] = {}
    for posting in postings.filter(events=event):
        by_enterprise.setdefault(posting.enterprise_id, []).append(posting)
    for participant in event.approved_participants:  # type: ignore[attr-defined]
        participant.event_postings = by_enterprise.get(participant.enterprise_id, [])
    return event


SEARCH_CAP = 1000  # the count stops here ("more than 1000"): narrow the search
KEYWORD_MAX = 50


def job_search(*, region_id: int | None = None, occupation: str = "", pay_at_least=None, education: str = "",
               keyword: str = "", today: dt.date | None = None):
    """Current postings matching the filters. Without a keyword: newest first (a queryset). With a
    keyword: the postings whose title, occupation or employer contain it, those with it in the
    title or occupation first, then newest first; on PostgreSQL found through the character-gram
    index (``RankedPostings``), on SQLite by the plain substring filter."""
    from django.db import connection

    today = today or clock.today()
    qs = JobPosting.objects.filter(is_active=True, valid_to__gte=today, valid_from__lte=today)
    if region_id:
        qs = qs.filter(region_id=region_id)
    if occupation:
        qs = qs.filter(occupation=occupation.strip())  # exact (indexed); partial words go through ``keyword``
    if pay_at_least is not None:
        qs = qs.filter(pay_min__gte=pay_at_least)  # "pays at least X": the lowest pay offered is X or more
    if education:
        qs = qs.filter(education=education)
    keyword = (keyword or "").strip()[:KEYWORD_MAX]
    if keyword and connection.vendor == "postgresql":
        return RankedPostings(qs, keyword)
    if keyword:
        qs = qs.filter(search_text__icontains=keyword).annotate(relevance=_relevance(keyword)).order_by("-relevance", "-valid_from", "-id")
    else:
        qs = qs.order_by("-valid_from", "-id")
    return qs.select_related("enterprise", "region")


def _in_title(keyword: str) -> Q:
    return Q(title__icontains=keyword) | Q(occupation__icontains=keyword)


def _relevance(keyword: str):
    return Case(When(_in_title(keyword), then=Value(1)), default=Value(0), output_field=IntegerField())


class RankedPostings:
    """Keyword search on PostgreSQL (ADR 0013). Finds the ids of at most ``SEARCH_CAP`` + 1 matches
    in rank order, usually in one query: first the postings with the keyword in the title or
    occupation (candidates ``title_grams @> xt_query_grams(keyword)`` from a GIN index, migration
    0004, confirmed by the exact substring), newest first; only when those are fewer than the cap,
    the postings with it only in the employer's name (``search_grams``), newest first, to fill it.
    The count is the length of that id list (capped, no second scan of the matches); a page's rows
    are then fetched by id. Sliceable and countable, so Django's and DRF's paginators take it."""

    ordered = True

    def __init__(self, base: QuerySet[JobPosting], keyword: str, cap: int | None = None):
        self.base, self.keyword, self.cap = base, keyword, cap or SEARCH_CAP
        self._ids: list[int] | None = None

    def _ilike(self, column: str) -> RawSQL:
        """The exact substring, case-insensitive: ILIKE on the plain column (not UPPER(column), so the
        planner estimates it from the column's statistics); plain LIKE (cheaper) when the keyword has
        no letter with a case (Chinese, digits)."""
        pattern = "%" + self.keyword.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        op = "LIKE" if self.keyword.upper() == self.keyword.lower() else "ILIKE"
        return RawSQL(f'"{JobPosting._meta.db_table}"."{column}" {op} %s', [pattern], output_field=BooleanField())  # noqa: S611 - constant identifiers, the value is a parameter

    def _grams(self, column: str) -> RawSQL:
        return RawSQL(f'"{JobPosting._meta.db_table}"."{column}" @> xt_query_grams(%s)', [self.keyword], output_field=BooleanField())  # noqa: S611 - as above

    def in_title(self) -> QuerySet[JobPosting]:
        return self.base.filter(self._grams("title_grams")).filter(Q(self._ilike("title")) | Q(self._ilike("occupation")))

    def in_employer(self) -> QuerySet[JobPosting]:
        return (self.base.filter(self._grams("search_grams"), self._ilike("search_text"))
                .exclude(Q(self._ilike("title")) | Q(self._ilike("occupation"))))

    @property
    def ids(self) -> list[int]:
        if self._ids is None:
            limit = self.cap + 1
            ids = list(self.in_title().order_by("-valid_from", "-id").values_list("id", flat=True)[:limit])
            if len(ids) < limit:
                ids += self.in_employer().order_by("-valid_from", "-id").values_list("id", flat=True)[: limit - len(ids)]
            self._ids = ids
        return self._ids

    def capped_count(self) -> int:
        return len(self.ids)

    count = capped_count
    __len__ = capped_count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        ids = self.ids[index]
        rows = JobPosting.objects.select_related("enterprise", "region").in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]


def region_choices() -> list[tuple[int, str]]:
    """(id, name) of the county-level regions for filter forms, from the kernel's cached region
    list (``reference.regions_by_code``), named in the active language."""
    from xingtai_jobs.core.reference import regions_by_code

    return [(r.pk, r.display_name) for r in regions_by_code().values()]


def public_posting(pk: int) -> JobPosting | None:
    today = clock.today()
    return (
        JobPosting.objects.filter(pk=pk, is_active=True, valid_to__gte=today)
        .select_related("enterprise", "region")
        .prefetch_related(Prefetch("events", queryset=meeting_events()))
        .first()
    )


def meeting_events() -> QuerySet[Event]:
    """Events a job seeker can still go to: open for registration and not over."""
    return Event.objects.filter(status__in=Event.OPEN_STATUSES, ends_at__gte=clock.now()).order_by("starts_at")


def tickets_by_holder(*, phone: str, proof: str) -> list[Registration]:
    """The tickets (not cancelled) of the holder of ``phone``, when ``proof`` is the last four
    characters of the resident ID given at registration — or, for a registration without an ID, the
    name given. Nothing else tells whether the phone is registered at all."""
    proof = (proof or "").strip().upper()
    rows = (Registration.objects.filter(phone=phone).exclude(status=Registration.Status.CANCELLED)
            .select_related("event", "person").order_by("-event__starts_at", "-id")[:20])
    return [r for r, who in ((r, r.who()) for r in rows)
            if (r.id_given and len(proof) == 4 and who.resident_id.upper().endswith(proof))
            or (not r.id_given and proof and proof == who.name.strip().upper())]


def ticket_by_code(code: str) -> Registration | None:
    """The ticket with the printed short code (any case, spaces ignored), of whichever event: the
    check-in refuses another event's ticket with that reason."""
    code = "".join((code or "").split()).upper()[:8]
    if not code:
        return None
    return Registration.objects.filter(code=code).select_related("event", "event__region", "person").first()


def ticket(token: str) -> Registration | None:
    return Registration.objects.filter(token=token).select_related("event", "event__region", "person").first()


# --- staff and enterprise ----------------------------------------------------------------------


@selector_for(Event)
def events_for(user) -> QuerySet[Event]:
    return scope_queryset(Event.objects.select_related("region", "series"), user, region_path="region")


@selector_for(JobPosting)
def enterprise_postings(user) -> QuerySet[JobPosting]:
    return scope_queryset(JobPosting.objects.select_related("region"), user, region_path="region", enterprise_path="enterprise").order_by("-id")


@selector_for(JobApplication)
def job_applications_for(user) -> QuerySet[JobApplication]:
    """An enterprise: the applications to its own postings; staff: those of postings in their region."""
    return scope_queryset(JobApplication.objects.select_related("posting"), user, region_path="posting__region",
                          enterprise_path="enterprise")


@selector_for(EventParticipant)
def enterprise_participations(user) -> QuerySet[EventParticipant]:
    return scope_queryset(EventParticipant.objects.select_related("event", "event__region"), user, region_path="event__region",
                          enterprise_path="enterprise").order_by("-event__starts_at")


@selector_for(RecommendationOfficer)
def enterprise_officers(user) -> QuerySet[RecommendationOfficer]:
    return scope_queryset(RecommendationOfficer.objects.all(), user, region_path="enterprise__region", enterprise_path="enterprise")


@selector_for(Intention)
def enterprise_intentions(user) -> QuerySet[Intention]:
    return scope_queryset(
        Intention.objects.select_related("registration__person", "posting", "event"), user, region_path="event__region", enterprise_path="enterprise"
    )


@selector_for(InternshipPost)
def enterprise_internship_posts(user) -> QuerySet[InternshipPost]:
    return scope_queryset(InternshipPost.objects.select_related("region"), user, region_path="region", enterprise_path="host")


@selector_for(GraduateEntry)
def ledger_for(user) -> QuerySet[GraduateEntry]:
    return scope_queryset(GraduateEntry.objects.select_related("person", "household_region", "caseworker"), user, region_path="household_region")


def complete_q(package: Package1131) -> Q:
    return Q(briefings__gte=package.briefings, guidance__gte=package.guidance, referrals__gte=package.referrals, tr_in__gte=package.training_or_internship)


def with_training_or_internship(qs: QuerySet[GraduateEntry]) -> QuerySet[GraduateEntry]:
    # summed as bigint: two counts at their bound would overflow PostgreSQL's integer (issue 11 item 4)
    return qs.annotate(tr_in=Cast("trainings", BigIntegerField()) + Cast("internships", BigIntegerField()))


def ledger_dashboard(user, *, package: Package1131, by: str = "region") -> list[dict]:
    """Per region (or caseworker): graduates, reached, contact rate, 1131 complete. One query."""
    group = {"region": ("household_region__code", "household_region__name"),
             "caseworker": ("caseworker__username", "caseworker__first_name")}[by]
    qs = with_training_or_internship(ledger_for(user))
    rows = (
        qs.values(*group)
        .annotate(total=Count("id"), reached_n=Count("id", filter=Q(reached=True)), complete_n=Count("id", filter=complete_q(package)))
        .order_by(group[0])
    )
    out = []
    for row in rows:
        total = row["total"]
        out.append({"key": row[group[0]] or "", "label": row[group[1]] or row[group[0]] or "—", "total": total,
                    "reached": row["reached_n"], "complete": row["complete_n"],
                    "contact_rate": (row["reached_n"] * 100 / total) if total else 0,
                    "complete_rate": (row["complete_n"] * 100 / total) if total else 0})
    return out


def ledger_totals(user, *, package: Package1131) -> dict:
    qs = with_training_or_internship(ledger_for(user))
    agg = qs.aggregate(total=Count("id"), reached_n=Count("id", filter=Q(reached=True)), complete_n=Count("id", filter=complete_q(package)))
    total = agg["total"] or 0
    return {"total": total, "reached": agg["reached_n"], "complete": agg["complete_n"],
            "contact_rate": (agg["reached_n"] * 100 / total) if total else 0}


def ledger_incomplete(user, *, package: Package1131) -> QuerySet[GraduateEntry]:
    """Graduates still looking for work whose 1131 package is not complete."""
    return with_training_or_internship(ledger_for(user)).filter(status=GraduateEntry.Status.UNEMPLOYED).exclude(complete_q(package))


def work_queue_for(user) -> QuerySet[WorkQueueItem]:
    qs = scope_queryset(WorkQueueItem.objects.select_related("entry", "entry__household_region", "caseworker"), user,
                        region_path="entry__household_region")
    return qs.filter(done_at__isnull=True).order_by("-queued_on", "id")


def officer_compliance(user, *, minimum: int, region_id: int | None = None) -> QuerySet[Enterprise]:
    """Above-scale (规上) enterprises with fewer than ``minimum`` active recommendation officers."""
    officers = (
        RecommendationOfficer.objects.filter(enterprise=OuterRef("pk"), is_active=True).order_by()
        .values("enterprise").annotate(n=Count("id")).values("n")
    )
    qs = scope_queryset(Enterprise.objects.filter(above_scale=True), user, region_path="region")
    if region_id:
        qs = qs.filter(region_id=region_id)
    return (
        qs.annotate(officer_count=Coalesce(Subquery(officers, output_field=IntegerField()), Value(0)))
        .filter(officer_count__lt=minimum).select_related("region").order_by("region__code", "uscc")
    )


# --- results and targets -----------------------------------------------------------------------


@dataclass
class Progress:
    code: str
    label: str
    target: int
    actual: int

    @property
    def percent(self) -> float:
        return (self.actual * 100 / self.target) if self.target else 0


def _year_events(user, year: int) -> QuerySet[Event]:
    return events_for(user).filter(starts_at__year=year)


def results_by_event(user, *, year: int) -> QuerySet[Event]:
    """Per event: employers, postings, positions, registrations, check-ins, intentions (one query)."""
    def sub(qs, expr):
        return Subquery(qs.order_by().values(qs.model._meta.get_field("event").attname).annotate(v=expr).values("v"), output_field=IntegerField())

    posting_totals = JobPosting.events.through.objects.filter(event=OuterRef("pk"))
    return (
        _year_events(user, year)
        .annotate(
            employers=Coalesce(sub(EventParticipant.objects.filter(event=OuterRef("pk"), status="approved"), Count("id")), 0),
            postings_n=Coalesce(sub(posting_totals, Count("id")), 0),
            positions=Coalesce(sub(posting_totals, Sum("jobposting__headcount")), 0),
            registrations_n=Coalesce(sub(Registration.objects.filter(event=OuterRef("pk")).exclude(status="cancelled"), Count("id")), 0),
            checkins=Coalesce(sub(Registration.objects.filter(event=OuterRef("pk"), checked_in_at__isnull=False), Count("id")), 0),
            intentions_n=Coalesce(sub(Intention.objects.filter(event=OuterRef("pk")), Count("id")), 0)
            + Coalesce(F("livestream_result__intentions"), 0),
        )
        .order_by("starts_at")
    )


def results_grouped(user, *, year: int, by: str) -> list[dict]:
    """Totals per kind, series or region, computed from the per-event figures."""
    field = {"kind": "kind", "series": "series__name", "region": "region__name"}[by]
    totals: dict = {}
    for event in results_by_event(user, year=year).values(field, "status", "employers", "postings_n", "positions", "registrations_n", "checkins", "intentions_n"):
        key = event[field] or "—"
        row = totals.setdefault(key, {"key": key, "events": 0, "held": 0, "employers": 0, "postings": 0, "positions": 0,
                                      "registrations": 0, "checkins": 0, "intentions": 0})
        row["events"] += 1
        row["held"] += event["status"] in HELD_STATUSES
        row["employers"] += event["employers"]
        row["postings"] += event["postings_n"]
        row["positions"] += event["positions"]
        row["registrations"] += event["registrations_n"]
        row["checkins"] += event["checkins"]
        row["intentions"] += event["intentions_n"]
    if by == "kind":
        labels = dict(Event.Kind.choices)
        for row in totals.values():
            row["key"] = labels.get(row["key"], row["key"])
    return sorted(totals.values(), key=lambda r: str(r["key"]))


# The five indicators of the measures register this app's results page shows (targets: measures app).
TARGET_CODES = (
    ("brand_events", _("Brand-series events held")),
    ("intentions", _("Employment intentions reached")),
    ("graduate_events", _("Recruitment events for graduates")),
    ("livestream_visits", _("Livestream enterprise visits")),
    ("internship_posts", _("Internship posts raised")),
)


def targets_by_code(year: int, codes) -> dict:
    from measures.selectors import city_targets

    return city_targets(year, codes)


def target_progress(user, *, year: int) -> list[Progress]:
    events = _year_events(user, year).filter(status__in=HELD_STATUSES)
    live = LivestreamResult.objects.filter(event__in=_year_events(user, year))
    live_totals = live.aggregate(i=Coalesce(Sum("intentions"), 0), v=Coalesce(Sum("enterprise_visits"), 0))
    posts = scope_queryset(InternshipPost.objects.filter(status=InternshipPost.Status.APPROVED, approved_at__year=year), user, region_path="region")
    actual: dict[str, int] = {
        "brand_events": events.filter(series__is_brand=True).count(),
        "intentions": Intention.objects.filter(event__in=_year_events(user, year)).count() + live_totals["i"],
        "graduate_events": events.filter(Q(for_graduates=True) | Q(kind__in=Event.GRADUATE_KINDS)).count(),
        "livestream_visits": live_totals["v"],
        "internship_posts": posts.aggregate(n=Coalesce(Sum("positions"), 0))["n"],
    }
    targets = targets_by_code(year, [code for code, _label in TARGET_CODES])
    return [Progress(code=c, label=str(label), target=int(targets[c]), actual=actual[c]) for c, label in TARGET_CODES if c in targets]


# --- visibility of the remaining models (admin lists, choices, scope checks) -------------------------

reference_model("recruitment.Series")


@selector_for("recruitment.Registration")
def registrations_for(user) -> QuerySet[Registration]:
    return scope_queryset(Registration.objects.all(), user, region_path="event__region")


@selector_for("recruitment.LivestreamResult")
def livestream_results_for(user) -> QuerySet[LivestreamResult]:
    return scope_queryset(LivestreamResult.objects.all(), user, region_path="event__region")


@selector_for("recruitment.ServiceRecord")
def service_records_for(user):
    from recruitment.models import ServiceRecord

    return scope_queryset(ServiceRecord.objects.all(), user, region_path="entry__household_region")


@selector_for("recruitment.WorkQueueItem")
def work_queue_items_for(user) -> QuerySet[WorkQueueItem]:
    """Every queue item (done or not) of the user's region; ``work_queue_for`` is the open queue."""
    return scope_queryset(WorkQueueItem.objects.all(), user, region_path="entry__household_region")


@selector_for("recruitment.InternshipPlacement")
def placements_for(user):
    from recruitment.models import InternshipPlacement

    return scope_queryset(InternshipPlacement.objects.select_related("person"), user, region_path="post__region", enterprise_path="post__host")
