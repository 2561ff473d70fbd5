"""The public register (``/measures/`` pages and ``/api/v1/measures/``) from the kernel page cache
(``xingtai_jobs.core.pagecache``, ADR 0013). Every audited write of this app (reports, registry
rows, imports, the weekly snapshot: action codes ``measures.*``), every change of a policy figure
(the yearly targets) and every ORM save of the register's models bumps the version on commit.
Figures computed from other apps' data (events, complaints, payouts, the person layer) are at
most ``XT_MEASURES_CACHE_SECONDS`` (300) old: those apps' writes do not touch this cache, so their
hot paths pay nothing for it."""

from __future__ import annotations

from django.conf import settings

from xingtai_jobs.core.pagecache import PageCache

MODELS = ("measures.Measure", "measures.Indicator", "measures.Report", "measures.TrainingClass", "measures.EvaluationBody",
          "measures.Competition", "measures.Craftsman", "measures.VolunteerQuota", "measures.LabourBrand",
          "measures.ServicePoint", "measures.ZeroEmploymentCount", "measures.FirstLesson", "measures.HarmoniousUnit",
          "measures.GigInsurancePeriod")

PUBLIC = PageCache("measures", seconds=int(getattr(settings, "XT_MEASURES_CACHE_SECONDS", 300)),
                   bump_on_audit=("measures.", "core.policy_figure."), bump_on_save=MODELS)
