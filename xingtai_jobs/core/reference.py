"""Reference data shipped with the portal: the 20 county-level units and the wage-arrears
departments. Loaded by a data migration and re-ensured after every migrate/flush."""

from __future__ import annotations

import csv
from pathlib import Path

from xingtai_jobs.core.refcache import reference_memo

DATA_DIR = Path(__file__).resolve().parent / "data"

DEPARTMENTS = [
    ("hrss", "人社", "Human Resources and Social Security", 1),
    ("housing", "住建", "Housing and Urban-Rural Development", 2),
    ("urban", "城管", "Urban Management", 3),
    ("transport", "交通", "Transport", 4),
    ("water", "水务", "Water Affairs", 5),
]


def load_reference_data(Region, Department) -> None:  # noqa: N803 - model classes (historical in migrations)
    """Create missing regions and departments; never overwrite what staff edited."""
    existing = set(Region.objects.values_list("code", flat=True))
    with (DATA_DIR / "xingtai_regions.csv").open(encoding="utf-8") as fh:
        new = [
            Region(
                code=row["code"],
                name=row["name"],
                name_en=row["name_en"],
                kind=row["kind"],
                min_wage_tier=int(row["min_wage_tier_2023"] or 2),
                legacy_codes=row["legacy_codes"],
                note=row["note"][:200],
                hotline="0319-12333",
                address=f"{row['name']}人力资源和社会保障局劳动保障监察大队",
            )
            for row in csv.DictReader(fh)
            if row["code"] not in existing
        ]
    if new:
        Region.objects.bulk_create(new)
    known = set(Department.objects.values_list("code", flat=True))
    Department.objects.bulk_create(
        [Department(code=c, name=n, name_en=e, sort_order=o) for c, n, e, o in DEPARTMENTS if c not in known]
    )


def ensure_reference_data(sender=None, **kwargs) -> None:
    from xingtai_jobs.core.models import Department, Region

    load_reference_data(Region, Department)


@reference_memo("core.Region")
def regions_by_code() -> dict:
    """Every region by code, in code order (served from the per-process reference memo)."""
    from xingtai_jobs.core.models import Region

    return {r.code: r for r in Region.objects.order_by("code")}
