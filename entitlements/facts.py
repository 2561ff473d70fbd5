"""Set-based facts of the entitlements, read from the person layer and the internship placements:
per chunk of persons one query per kind (contracts, certifications, contribution rows, placements),
never a query per person. The pure rules (``entitlements.rules``) do the rest."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, IntegerField, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, TruncMonth

from entitlements.policy import min_wage_for_region
from entitlements.rules import Row, month_of
from entitlements.rules.internship import PlacementFacts, months_needing_wage
from entitlements.rules.social_insurance import ContractFacts
from persons.models import HardshipCertification, LabourContract, Person, PersonContribution
from recruitment.models import InternshipPlacement
from xingtai_jobs.core.retirement import retirement_month


@dataclass(frozen=True)
class Subject:
    """Who and what one entitlement is about (for records and the JSON output)."""

    basis_key: str
    person_id: int | None
    resident_id: str
    enterprise_id: int
    enterprise_region_id: int
    uscc: str
    contract_id: int | None = None
    placement_id: int | None = None


@functools.lru_cache(maxsize=65536)
def retirement_of(birth_date: dt.date, sex: str, retirement_base_age: int | None) -> dt.date:
    """The statutory retirement month of a person read set-based (birth date, sex, recorded base
    age): the person layer's own rule (``Person.base_retirement_age``: the recorded base age, else
    the statutory one for the sex) through ``core.retirement.retirement_month``; memoised, as
    thousands of persons share a birth date."""
    return retirement_month(Person(birth_date=birth_date, sex=sex, retirement_base_age=retirement_base_age))


def latest_contribution_month() -> dt.date | None:
    return PersonContribution.objects.aggregate(m=Max("month"))["m"]


def si_person_ids(params: dict) -> list[int]:
    return list(LabourContract.objects.filter(starts_on__gte=params["contract_from"], starts_on__lte=params["contract_to"])
                .order_by("person_id").values_list("person_id", flat=True).distinct())


def si_facts(params: dict, person_ids: Iterable[int], *, through: dt.date) -> dict[int, list[tuple[Subject, ContractFacts]]]:
    """Person id → the facts of each of the person's contracts starting in the round's window."""
    ids = list(person_ids)
    since_graduation = PersonContribution.objects.filter(
        person=OuterRef("person"), month__gte=OuterRef("graduation_month"), month__lt=OuterRef("start_month"))
    count = Coalesce(Subquery(since_graduation.order_by().values("person").annotate(n=Count("month", distinct=True)).values("n")[:1],
                              output_field=IntegerField()), Value(0))
    contracts = list(
        LabourContract.objects.filter(person_id__in=ids, starts_on__gte=params["contract_from"], starts_on__lte=params["contract_to"])
        .annotate(start_month=TruncMonth("starts_on"), graduation_month=TruncMonth("person__graduation_date"), since_graduation=count)
        .values_list("id", "person_id", "person__resident_id", "person__birth_date", "person__sex", "person__retirement_base_age",
                     "person__education", "person__degree_type", "person__graduation_date", "enterprise_id", "enterprise__region_id",
                     "enterprise__uscc", "enterprise__unit_type", "enterprise__size_class", "enterprise__dishonest",
                     "starts_on", "ends_on", "kind", "since_graduation"))
    certs: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for pid, on, until in HardshipCertification.objects.filter(person_id__in=ids).order_by("certified_on").values_list(
            "person_id", "certified_on", "valid_until"):
        certs[pid].append((on, until))
    rows: dict[tuple[int, int], dict[dt.date, Row]] = defaultdict(dict)
    first = month_of(params["contract_from"])
    for pid, eid, month, pension, medical, ui, arrears in PersonContribution.objects.filter(
            person_id__in=ids, month__gte=first, month__lte=through).values_list(
            "person_id", "enterprise_id", "month", "pension_unit", "medical_unit", "ui_unit", "in_arrears"):
        rows[(pid, eid)][month] = Row(pension, medical, ui, arrears)
    out: dict[int, list[tuple[Subject, ContractFacts]]] = defaultdict(list)
    for (cid, pid, rid, birth, sex, base_age, education, degree, graduation, eid, e_region, uscc, unit_type, size, dishonest,
         starts_on, ends_on, kind, since_grad) in contracts:
        subject = Subject(f"contract:{cid}", pid, rid, eid, e_region, uscc, contract_id=cid)
        facts = ContractFacts(contract_id=cid, person_id=pid, uscc=uscc, starts_on=starts_on, ends_on=ends_on, kind=kind,
                              dishonest=dishonest, unit_type=unit_type, size_class=size,
                              retirement_month=retirement_of(birth, sex, base_age), certifications=tuple(certs.get(pid, ())),
                              education=education, degree_type=degree, graduation_date=graduation,
                              insured_since_graduation=since_grad if graduation else 0, rows=rows.get((pid, eid), {}))
        out[pid].append((subject, facts))
    return out


def internship_placements(params: dict):
    return InternshipPlacement.objects.filter(start__gte=params["placement_from"], start__lte=params["placement_to"])


def internship_person_keys(params: dict) -> list[int]:
    """Placement ids in person order (placements of one person are planned together)."""
    return list(internship_placements(params).order_by("person__resident_id", "start", "id").values_list("id", flat=True))


def internship_facts(params: dict, placement_ids: Iterable[int], *, subsidised_elsewhere: set[int]) -> list[tuple[Subject, PlacementFacts]]:
    ids = list(placement_ids)
    placements = list(internship_placements(params).filter(pk__in=ids).order_by("person__resident_id", "start", "id").values_list(
        "id", "person_id", "person__resident_id", "post__host_id", "post__host__region_id", "post__host__region__code", "post__host__uscc",
        "start", "planned_end", "actual_end", "eligibility_basis"))
    person_ids = {p[1] for p in placements if p[1]}
    host_ids = {p[3] for p in placements}
    contracts: dict[tuple[int, int], list[dt.date]] = defaultdict(list)
    for pid, eid, starts_on in LabourContract.objects.filter(person_id__in=person_ids, enterprise_id__in=host_ids).values_list(
            "person_id", "enterprise_id", "starts_on"):
        contracts[(pid, eid)].append(starts_on)
    paid = set(PersonContribution.objects.filter(person_id__in=person_ids, enterprise_id__in=host_ids, in_arrears=False)
               .values_list("person_id", "enterprise_id", "month"))
    # retention per host, over all the host's placements in the round
    totals: dict[int, int] = defaultdict(int)
    kept: dict[int, int] = defaultdict(int)
    host_rows = list(internship_placements(params).filter(post__host_id__in=host_ids).values_list("post__host_id", "person_id", "start"))
    host_contracts: dict[tuple[int, int], list[dt.date]] = defaultdict(list)
    for pid, eid, starts_on in LabourContract.objects.filter(enterprise_id__in=host_ids, person_id__in={r[1] for r in host_rows if r[1]}
                                                             ).values_list("person_id", "enterprise_id", "starts_on"):
        host_contracts[(pid, eid)].append(starts_on)
    for host, pid, start in host_rows:
        totals[host] += 1
        if pid and any(s >= start for s in host_contracts.get((pid, host), ())):
            kept[host] += 1
    share = Decimal(params["retention_share"])
    seen: set[str] = set()
    out = []
    for pk, pid, rid, host, host_region, region_code, uscc, start, planned_end, actual_end, basis in placements:
        hired = min((s for s in contracts.get((pid, host), ()) if start <= s < planned_end), default=None) if pid else None
        facts = PlacementFacts(
            placement_id=pk, person_id=pid, uscc=uscc, region_code=region_code, start=start, planned_end=planned_end,
            actual_end=actual_end, eligibility_basis=basis, hired_on=hired,
            hire_month_paid=bool(hired and (pid, host, month_of(hired)) in paid),
            subsidised_before=rid in seen or (pid in subsidised_elsewhere if pid else False),
            retained=totals[host] > 0 and Decimal(kept[host]) >= share * totals[host])
        wages = {m: min_wage_for_region(region_code, m) for m in months_needing_wage(facts)}
        facts = PlacementFacts(**{**facts.__dict__, "min_wage": wages})
        if pid:
            seen.add(rid)
        out.append((Subject(f"placement:{pk}", pid, rid, host, host_region, uscc, placement_id=pk), facts))
    return out
