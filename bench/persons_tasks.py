"""Celery task of the person-screening bench (bench/persons.py ``celery``; not part of the portal).

The portal's chunked person screening (stored items, written by chunk) is being built in
``subsidies.services``; until it exists the bench splits the compute path it can reach —
``subsidies.person_facts.screen_job_expansion`` / ``screen_skill_upgrade`` with ``person_ids`` — by
person, so every rule that looks across a person's objects (once per person, granted certificates)
stays inside one chunk. Workers load it with ``celery -A xingtai_jobs worker --include bench.persons_tasks``."""

from __future__ import annotations

from celery import shared_task


def decide_chunk(code: str, person_ids: list[int], as_of: str) -> list[list]:
    from subsidies import person_facts
    from subsidies.services import parse_as_of, round_for_year, rule_for

    round_ = round_for_year(code, 2024)
    params = rule_for(code).prepare(round_.parameters)
    as_of_date = parse_as_of(as_of)[0]
    if code == "job_expansion":
        month = person_facts.month_of(as_of_date)
        return [[s.resident_id, s.uscc, d.eligible, d.basis if d.eligible else None, str(d.amount), list(d.failed_checks)]
                for s, _f, d in person_facts.screen_job_expansion(params, as_of_month=month, person_ids=person_ids)]
    return [[s.resident_id, s.certificate_no, d.eligible, str(d.amount), list(d.failed_checks)]
            for s, _f, d in person_facts.screen_skill_upgrade(params, claimed_on=as_of_date, person_ids=person_ids)]


@shared_task(name="bench.person_screening_chunk")
def person_screening_chunk(code: str, person_ids: list[int], as_of: str) -> list[list]:
    return decide_chunk(code, person_ids, as_of)
