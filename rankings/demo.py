"""Demo data for measure 1 (runs after the enterprises demo, which seeds 2023-01..2024-12):
the 2024 ranking computed and published from the demo figures, a key enterprise and job demand.
Idempotent: an existing 2024 ranking is left as it is."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from enterprises import services as enterprise_services
from enterprises.models import Enterprise
from rankings import services
from rankings.models import JobDemand, KeyEnterpriseDesignation, Ranking
from rankings.services import compute

YEAR = 2024
DEMAND = [  # occupation, headcount, education, skill level, pay from, pay to
    ("数控车工", 12, "high_school", "level4", "4500", "6500"),
    ("焊工", 8, "junior_high", "level5", "4800", "7000"),
    ("电商运营", 5, "junior_college", "none", "4000", "6000"),
    ("护理员", 10, "high_school", "level5", "3500", "5000"),
]


def seed(stdout) -> None:
    if not compute.year_has_data(YEAR):
        stdout.write("rankings: no monthly figures for 2024, nothing seeded")
        return
    ranking = Ranking.objects.filter(year=YEAR).first()
    if ranking is None or ranking.status in (Ranking.Status.DRAFT, Ranking.Status.PREVIEW):
        ranking = services.ranking_compute(year=YEAR)
        ranking = services.ranking_publish(ranking=ranking, force=True, reason="演示数据：无需更正期")
    enterprises = list(Enterprise.objects.order_by("id")[: len(DEMAND)])
    for ent, (occupation, n, edu, skill, lo, hi) in zip(enterprises, DEMAND, strict=False):
        JobDemand.objects.get_or_create(
            enterprise=ent, year=YEAR + 1, quarter=1, occupation=occupation,
            defaults={"region_id": ent.region_id, "industry_code": ent.industry_code, "headcount": n, "education": edu,
                      "skill_level": skill, "pay_min": Decimal(lo), "pay_max": Decimal(hi)},
        )
    top = ranking.entries.filter(rank=1).select_related("enterprise").first()
    if top and not KeyEnterpriseDesignation.objects.filter(enterprise=top.enterprise).exists():
        KeyEnterpriseDesignation.objects.create(enterprise=top.enterprise, region_id=top.enterprise.region_id,
                                                reason="2024年度最具就业带动力企业第一名", designated_on=dt.date(2025, 1, 15))
        enterprise_services.enterprise_set_key(enterprise=top.enterprise, actor=None, key=True,
                                               audit_action="rankings.key_enterprise.designated",
                                               details={"reason": "2024年度最具就业带动力企业第一名"})
    stdout.write(f"rankings: {YEAR} ranking {ranking.get_status_display()} ({ranking.population_count} ranked), "
                 f"{JobDemand.objects.count()} job-demand rows")
