"""The public register (``/measures/`` pages and ``/api/v1/measures/``) from the kernel page cache
(``xingtai_jobs.core.pagecache``, ADR 0013). Every audited write of this app (reports, registry
rows, imports, the weekly snapshot: action codes ``measures.*``), every change of a policy figure
(the yearly targets) and every ORM save of the register's models bumps the version on commit.
Figures computed from other apps' data (events, complaints, payouts, the person layer) are at
most ``XT_MEASURES_CACHE_SECONDS`` (300) old: those apps' writes do not touch this cache, so their
hot paths pay nothing for it.

The keys name the period asked for; without one (``/measures/``, the poster's link) the key is
``default`` and the default period is resolved only when the page is rendered (``public_period``)."""

from __future__ import annotations

from django.conf import settings

from xingtai_jobs.core.pagecache import PageCache

MODELS = ("measures.Measure", "measures.Indicator", "measures.Report", "measures.TrainingClass", "measures.EvaluationBody",
          "measures.Competition", "measures.Craftsman", "measures.VolunteerQuota", "measures.LabourBrand",
          "measures.ServicePoint", "measures.ZeroEmploymentCount", "measures.FirstLesson", "measures.HarmoniousUnit",
          "measures.GigInsurancePeriod")

PUBLIC = PageCache("measures", seconds=int(getattr(settings, "XT_MEASURES_CACHE_SECONDS", 300)),
                   bump_on_audit=("measures.", "core.policy_figure."), bump_on_save=MODELS)


def public_period(query, *, strict: bool = False):
    """The cache key's period part and a function giving (year, as_of). Without ``?year=`` and
    ``?as_of=`` the key is ``default`` and the default period (the latest year with targets, as of
    today) is worked out only when the page is rendered: it reads every policy figure (about 1 ms, as
    much as serving the cached page), and a change of a yearly target bumps this cache anyway (the
    day is part of every key)."""
    from measures import selectors

    if "year" not in query and "as_of" not in query:
        return "default", lambda: selectors.period_from_query({}, strict=strict)
    period = selectors.period_from_query(query, strict=strict)  # strict: DomainError → 400 (kernel)
    return f"{period[0]}|{period[1].isoformat()}", lambda: period
