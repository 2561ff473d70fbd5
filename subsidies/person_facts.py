"""Set-based facts of the person-based schemes, read from the person layer (``persons``).

Each loader reads a whole round in a few aggregate queries (never a query per person) and returns
plain facts for the pure rules in ``subsidies.rules``; ``screen_*`` apply the rules, including the
parts that look across one person's objects (once per person, granted certificates)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, TruncMonth

from persons.models import Certificate, LabourContract, PersonContribution, UnemploymentRegistration
from subsidies.rules import Decision
from subsidies.rules import job_expansion as je
from subsidies.rules import skill_upgrade as su


def latest_contribution_month() -> dt.date | None:
    return PersonContribution.objects.aggregate(m=Max("month"))["m"]


def month_of(value: dt.date | str | None) -> dt.date | None:
    """A date or 'YYYY-MM' → first day of that month."""
    if value is None:
        return None
    if isinstance(value, str):
        year, month = value.split("-")[:2]
        return dt.date(int(year), int(month), 1)
    return value.replace(day=1)


@dataclass(frozen=True)
class Subject:
    """Who and what an object of a person scheme is about (for items, notices, JSON output)."""

    person_id: int
    resident_id: str
    name: str
    region_id: int  # the person's region of residence
    enterprise_id: int | None = None
    enterprise_region_id: int | None = None
    uscc: str = ""
    contract_id: int | None = None
    certificate_id: int | None = None
    certificate_no: str = ""


def _count(qs) -> Subquery:
    return Coalesce(Subquery(qs.order_by().values("person").annotate(n=Count("month", distinct=True)).values("n")[:1],
                             output_field=IntegerField()), Value(0))


def job_expansion_facts(params: dict, *, as_of_month: dt.date, confirmed_person_ids: Iterable[int] = (),
                        person_ids: Iterable[int] | None = None, person_range: tuple[int, int] | None = None,
                        confirmed_contracts: Mapping[int, set[int]] | None = None) -> list[tuple[Subject, je.Facts]]:
    """Facts of every labour contract starting in the round's hire window (ordered by person, start, USCC).
    ``confirmed_contracts``: person id → the contracts of their confirmed (approved or later) items;
    a person counts as confirmed elsewhere for every contract but those."""
    start, end = je.hire_window(params)
    contracts = LabourContract.objects.filter(starts_on__gte=start, starts_on__lte=end)
    if person_ids is not None:
        contracts = contracts.filter(person_id__in=list(person_ids))
    if person_range is not None:
        contracts = contracts.filter(person_id__gte=person_range[0], person_id__lte=person_range[1])
    paid = PersonContribution.objects.filter(
        person=OuterRef("person"), enterprise=OuterRef("enterprise"), month__gte=OuterRef("start_month"), month__lte=as_of_month,
        pension_unit__gt=0, ui_unit__gt=0, injury_unit__gt=0, in_arrears=False)
    since_graduation = PersonContribution.objects.filter(
        person=OuterRef("person"), month__gte=OuterRef("graduation_month"), month__lt=OuterRef("start_month"))
    insured_now = PersonContribution.objects.filter(person=OuterRef("person"), enterprise=OuterRef("enterprise"),
                                                    month=as_of_month, in_arrears=False)
    rows = (contracts.annotate(start_month=TruncMonth("starts_on"), graduation_month=TruncMonth("person__graduation_date"))
            .annotate(paid_months=_count(paid), since_graduation=_count(since_graduation), insured_now=Exists(insured_now))
            .order_by("person_id", "starts_on", "enterprise__uscc")
            .values_list("id", "person_id", "person__resident_id", "person__name", "person__region_id", "person__birth_date",
                         "person__education", "person__degree_type", "person__graduation_date", "enterprise_id",
                         "enterprise__region_id", "enterprise__uscc", "enterprise__unit_type", "enterprise__dishonest",
                         "enterprise__deregistering", "starts_on", "paid_months", "since_graduation", "insured_now"))
    rows = list(rows)
    registrations: dict[int, list[je.Registration]] = defaultdict(list)
    # the persons as a semi-join of the same contracts, not a list of tens of thousands of ids
    for person_id, registered_on, ended_on in (UnemploymentRegistration.objects.filter(person_id__in=contracts.values("person_id"))
                                               .values_list("person_id", "registered_on", "ended_on")):
        registrations[person_id].append(je.Registration(registered_on, ended_on))
    confirmed = set(confirmed_person_ids)
    confirmed_by_contract = confirmed_contracts or {}
    out = []
    for (cid, pid, rid, name, region_id, birth, education, degree, graduation, eid, e_region, uscc, unit_type, dishonest,
         deregistering, starts_on, paid_months, since_graduation, insured_now) in rows:
        subject = Subject(person_id=pid, resident_id=rid, name=name, region_id=region_id, enterprise_id=eid,
                          enterprise_region_id=e_region, uscc=uscc, contract_id=cid)
        facts = je.Facts(starts_on=starts_on, uscc=uscc, birth_date=birth, education=education, degree_type=degree,
                         graduation_date=graduation, registrations=tuple(registrations.get(pid, ())),
                         months_insured_since_graduation=since_graduation if graduation else 0, paid_months=paid_months,
                         as_of_month=as_of_month, insured_in_as_of_month=bool(insured_now), unit_type=unit_type,
                         dishonest=dishonest, deregistering=deregistering,
                         confirmed_elsewhere=pid in confirmed or bool(confirmed_by_contract.get(pid, set()) - {cid}))
        out.append((subject, facts))
    return out


def screen_job_expansion(params: dict, *, as_of_month: dt.date, confirmed_person_ids: Iterable[int] = (),
                         person_ids: Iterable[int] | None = None, person_range: tuple[int, int] | None = None,
                         confirmed_contracts: Mapping[int, set[int]] | None = None) -> list[tuple[Subject, je.Facts, Decision]]:
    loaded = job_expansion_facts(params, as_of_month=as_of_month, confirmed_person_ids=confirmed_person_ids, person_ids=person_ids,
                                 person_range=person_range, confirmed_contracts=confirmed_contracts)
    decided = je.once_per_person((subject.person_id, facts, je.decide(facts, params)) for subject, facts in loaded)
    return [(subject, facts, decision) for (subject, _f), (_p, facts, decision) in zip(loaded, decided, strict=True)]


def skill_upgrade_facts(params: dict, *, claimed_on: dt.date, person_ids: Iterable[int] | None = None,
                        certificate_ids: Iterable[int] | None = None,
                        person_range: tuple[int, int] | None = None) -> list[tuple[Subject, su.Facts]]:
    """Facts of every certificate issued in the round's window (ordered by person, issue date, number)."""
    certs = Certificate.objects.filter(issued_on__gte=params["window_from"], issued_on__lte=params["window_to"])
    if person_ids is not None:
        certs = certs.filter(person_id__in=list(person_ids))
    if certificate_ids is not None:
        certs = certs.filter(pk__in=list(certificate_ids))
    if person_range is not None:
        certs = certs.filter(person_id__gte=person_range[0], person_id__lte=person_range[1])
    ui_paid = (Q(ui_unit__gt=0) | Q(ui_personal__gt=0)) & Q(in_arrears=False)
    ui_months = Coalesce(Subquery(
        PersonContribution.objects.filter(ui_paid, person=OuterRef("person"), month__lte=OuterRef("issue_month"))
        .order_by().values("person").annotate(n=Count("month", distinct=True)).values("n")[:1], output_field=IntegerField()), Value(0))
    in_issue_month = Exists(PersonContribution.objects.filter(ui_paid, person=OuterRef("person"), month=OuterRef("issue_month")))
    rows = list(certs.annotate(issue_month=TruncMonth("issued_on")).annotate(ui_months=ui_months, in_issue_month=in_issue_month)
                .order_by("person_id", "issued_on", "certificate_no")
                .values_list("id", "person_id", "person__resident_id", "person__name", "person__region_id", "certificate_no",
                             "issued_on", "level", "occupation_code", "occupation_name", "shortage", "free_training",
                             "ui_months", "in_issue_month"))
    periods: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for pid, start, end in (UnemploymentRegistration.objects.filter(person_id__in=certs.values("person_id"), ui_benefit_from__isnull=False)
                            .values_list("person_id", "ui_benefit_from", "ui_benefit_to")):
        periods[pid].append((start, end))
    out = []
    for (cid, pid, rid, name, region_id, number, issued_on, level, occ_code, occ_name, shortage, free_training, ui_months_n,
         in_month) in rows:
        subject = Subject(person_id=pid, resident_id=rid, name=name, region_id=region_id, certificate_id=cid, certificate_no=number)
        out.append((subject, su.Facts(certificate_no=number, issued_on=issued_on, level=level, occupation_code=occ_code,
                                      occupation_name=occ_name, shortage=shortage, free_training=free_training,
                                      ui_months=ui_months_n, ui_in_issue_month=bool(in_month),
                                      benefit_periods=tuple(periods.get(pid, ())), claimed_on=claimed_on)))
    return out


def screen_skill_upgrade(params: dict, *, claimed_on: dt.date, granted: dict[int, list[su.Grant]] | None = None,
                         person_ids: Iterable[int] | None = None,
                         person_range: tuple[int, int] | None = None) -> list[tuple[Subject, su.Facts, Decision]]:
    """``granted``: person id → grants confirmed in earlier screenings and applications."""
    loaded = skill_upgrade_facts(params, claimed_on=claimed_on, person_ids=person_ids, person_range=person_range)
    by_person: dict[int, list[tuple[Subject, su.Facts]]] = defaultdict(list)
    for subject, facts in loaded:
        by_person[subject.person_id].append((subject, facts))
    out = []
    for person_id, pairs in by_person.items():
        subjects = {f.certificate_no: s for s, f in pairs}
        history = su.Granted(list((granted or {}).get(person_id, ())))
        for facts, decision in su.screen_person([f for _s, f in pairs], params, history):
            out.append((subjects[facts.certificate_no], facts, decision))
    return out
