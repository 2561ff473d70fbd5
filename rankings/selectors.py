"""Reads for measure 1 with visibility: the admin, the pages and the API all call these."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum

from enterprises.models import SizeClass
from rankings.models import (
    CorrectionRequest,
    JobDemand,
    KeyEnterpriseDesignation,
    PublishedEntry,
    Ranking,
    RankingEntry,
    RankingExclusion,
)
from xingtai_jobs.core.scoping import reference_model, scope_queryset, selector_for

SME = (SizeClass.MEDIUM, SizeClass.SMALL, SizeClass.MICRO)


def public_rankings() -> QuerySet[Ranking]:
    """Published and withdrawn rankings; a withdrawn year being recomputed (reopened) stays listed as
    withdrawn, with its reason, until the new list is published (``Ranking.public_status``)."""
    return Ranking.objects.filter(Q(status__in=[Ranking.Status.PUBLISHED, Ranking.Status.WITHDRAWN])
                                  | Q(withdrawn_at__isnull=False)).order_by("-year")


def published_ranking(year: int) -> Ranking | None:
    return public_rankings().filter(year=year).first()


def published_entries(ranking: Ranking, *, region_code: str | None = None, size: str | None = None) -> QuerySet[PublishedEntry]:
    """The frozen list (empty once withdrawn). ``size``: a size class, or ``sme`` for medium/small/micro."""
    if ranking.status != Ranking.Status.PUBLISHED:
        return PublishedEntry.objects.none()
    return filter_entries(PublishedEntry.objects.filter(ranking=ranking), region_code=region_code, size=size).order_by("rank")


def filter_entries(qs, *, region_code: str | None = None, size: str | None = None):
    """Published or preview rows of one region and/or size (``sme``: medium, small and micro)."""
    if region_code:
        qs = qs.filter(region__code=region_code) if qs.model is RankingEntry else qs.filter(region_code=region_code)
    if size == "sme":
        qs = qs.filter(size_class__in=SME)
    elif size:
        qs = qs.filter(size_class=size)
    return qs


def can_view_preview(user) -> bool:
    return bool(user and user.is_authenticated and user.is_bureau_staff and user.has_perm("rankings.view_preview"))


@selector_for(Ranking)
def rankings_for_staff(user) -> QuerySet[Ranking]:
    if not can_view_preview(user):
        return Ranking.objects.none()
    return Ranking.objects.order_by("-year")


def preview_entries(user, ranking: Ranking) -> QuerySet[RankingEntry]:
    """Staff: city all, county their region; enterprise users: only their own row."""
    qs = RankingEntry.objects.filter(ranking=ranking, rank__isnull=False)
    if user is not None and user.is_authenticated and user.is_bureau_staff and not can_view_preview(user):
        return qs.none()
    return scope_queryset(qs, user, region_path="region", enterprise_path="enterprise").select_related("enterprise", "region").order_by("rank")


def exclusions_for(user, ranking: Ranking) -> QuerySet[RankingExclusion]:
    qs = RankingExclusion.objects.filter(ranking=ranking)
    return scope_queryset(qs, user, region_path="region", enterprise_path="enterprise").select_related("enterprise", "region")


def own_preview(user) -> tuple[Ranking | None, RankingEntry | None, RankingExclusion | None]:
    """The enterprise user's row in the current preview (or the latest computed ranking)."""
    if user is None or not user.is_authenticated or not user.enterprise_id:
        return None, None, None
    ranking = Ranking.objects.filter(status=Ranking.Status.PREVIEW).order_by("-year").first()
    if ranking is None:
        return None, None, None
    entry = preview_entries(user, ranking).first()
    exclusion = None if entry else exclusions_for(user, ranking).first()
    return ranking, entry, exclusion


def own_published(user) -> dict | None:
    """The enterprise user's own row in the latest published ranking, shown on its portal outside
    the preview period too: the computed row (rank among all ranked), whether it is on the
    published lists, or why it was not ranked. None when nothing is published."""
    if user is None or not user.is_authenticated or not user.enterprise_id:
        return None
    ranking = Ranking.objects.filter(status=Ranking.Status.PUBLISHED).order_by("-year").first()
    if ranking is None:
        return None
    entry = preview_entries(user, ranking).first()
    return {
        "ranking": ranking, "entry": entry,
        "exclusion": None if entry else exclusions_for(user, ranking).first(),
        "listed": PublishedEntry.objects.filter(ranking=ranking, enterprise_id_at_publication=user.enterprise_id)
        .order_by("rank").first(),
    }


@selector_for(CorrectionRequest)
def corrections_for(user) -> QuerySet[CorrectionRequest]:
    qs = CorrectionRequest.objects.all()
    return scope_queryset(qs, user, region_path="region", enterprise_path="enterprise").select_related("enterprise", "ranking")


@selector_for(KeyEnterpriseDesignation)
def key_designations_for(user, *, region_code: str | None = None, industry: str | None = None, active_only: bool = False):
    qs = scope_queryset(KeyEnterpriseDesignation.objects.all(), user, region_path="region")
    if region_code:
        qs = qs.filter(region__code=region_code)
    if industry:
        qs = qs.filter(Q(enterprise__industry_code__istartswith=industry) | Q(enterprise__industry_section__iexact=industry))
    if active_only:
        qs = qs.filter(revoked_on__isnull=True)
    return qs.select_related("enterprise", "region", "designated_by")


@selector_for(JobDemand)
def job_demands_for(user) -> QuerySet[JobDemand]:
    return scope_queryset(JobDemand.objects.all(), user, region_path="region", enterprise_path="enterprise").select_related(
        "enterprise", "region"
    )


def job_demand_table(qs: QuerySet[JobDemand], *, year: int | None = None, quarter: int | None = None) -> dict:
    """产业发展就业岗位需求表: industry × occupation × region with totals. Never contact data."""
    if year:
        qs = qs.filter(year=year)
    if quarter:
        qs = qs.filter(quarter=quarter)
    rows = list(
        qs.values("industry_code", "occupation", "region__code", "region__name")
        .annotate(headcount=Sum("headcount"), filings=Count("id"))
        .order_by("industry_code", "occupation", "region__code")
    )
    by_industry: dict[str, int] = {}
    by_region: dict[str, int] = {}
    for row in rows:
        by_industry[row["industry_code"] or "-"] = by_industry.get(row["industry_code"] or "-", 0) + row["headcount"]
        by_region[row["region__name"]] = by_region.get(row["region__name"], 0) + row["headcount"]
    return {
        "rows": rows,
        "by_industry": sorted(by_industry.items()),
        "by_region": sorted(by_region.items()),
        "total": sum(r["headcount"] for r in rows),
    }


# --- visibility of the remaining models (admin lists, choices, scope checks) -------------------------

reference_model("rankings.RankingMethod", "rankings.PublishedEntry")


@selector_for(RankingEntry)
def ranking_entries_for(user) -> QuerySet[RankingEntry]:
    """Computed rows of every ranking: staff with the preview permission (city all, county their
    region); enterprise users their own rows."""
    qs = RankingEntry.objects.all()
    if user is not None and user.is_authenticated and user.is_bureau_staff and not can_view_preview(user):
        return qs.none()
    return scope_queryset(qs, user, region_path="region", enterprise_path="enterprise")


@selector_for(RankingExclusion)
def ranking_exclusions_for(user) -> QuerySet[RankingExclusion]:
    return scope_queryset(RankingExclusion.objects.all(), user, region_path="region", enterprise_path="enterprise")
