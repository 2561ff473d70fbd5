"""Time the monthly line computation of 100,000 running entitlements (社保补贴, si_hardship) on
PostgreSQL against a hand-written SQL reference in the same run (not part of the tests).

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE xt_bench_entitle"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xt_bench_entitle .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xt_bench_entitle .venv/bin/python bench/entitlements.py [--persons 100000]

Data (deterministic, COPY): 2,000 enterprises (bench/synth.py), N persons each with a hardship
certification and an open-ended contract starting 2024-01 with one of them, contribution rows
2024-01…2024-07 (one person in 50 in arrears in July, one in 100 without a July row), and N
running entitlements with their six lines 2024-01…2024-06 already computed (6 N lines).

Measured: (a) ``entitlements.services.compute_month`` for 2024-07 (the monthly task's path: one
read of the persons' distinct birth date/sex/base age for the kernel's retirement rule, ONE
set-based statement that decides every entitlement and inserts the month's lines, the moves of
what ends); then the July lines are deleted and (b) ONE hand-written INSERT … SELECT computes the
same lines. The two sets of (entitlement, amount) must be equal, and the July lines of a sample of
persons (one in 20) must be those of the pure rule (``services.plan_chunks``, the single source of
truth the command and the quarterly reconciliation use).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xingtai_jobs.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("XT_TESTING", "false")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from stdnum.cn import ric  # noqa: E402

from bench import synth  # noqa: E402
from entitlements import services  # noqa: E402
from entitlements.models import Entitlement, EntitlementLine  # noqa: E402

JULY = dt.date(2024, 7, 1)

REFERENCE_SQL = """
INSERT INTO entitlements_entitlementline (entitlement_id, scheme_code, person_id, month, months, amount, facts, state, attempts,
                                          created_at, updated_at)
SELECT e.id, e.scheme_code, e.person_id, %(month)s, 1, c.pension_unit + c.medical_unit + c.ui_unit,
       jsonb_build_object('pension_unit', c.pension_unit::text, 'medical_unit', c.medical_unit::text, 'ui_unit', c.ui_unit::text,
                          'insurances', jsonb_build_array('medical', 'pension', 'unemployment')),
       'computed', 0, now(), now()
FROM entitlements_entitlement e
JOIN persons_personcontribution c ON c.person_id = e.person_id AND c.enterprise_id = e.enterprise_id AND c.month = %(month)s
JOIN enterprises_enterprise ent ON ent.id = e.enterprise_id AND NOT ent.dishonest
LEFT JOIN persons_labourcontract k ON k.id = e.contract_id
LEFT JOIN (SELECT person_id, count(*) AS n FROM entitlements_entitlementline WHERE scheme_code = %(scheme)s AND kind = 'month'
           GROUP BY person_id) u
       ON u.person_id = e.person_id
WHERE e.round_id = %(round)s AND e.state IN ('approved', 'running') AND e.eligible AND e.start_month <= %(month)s
  AND NOT c.in_arrears AND c.pension_unit + c.medical_unit + c.ui_unit > 0
  AND coalesce(u.n, 0) < e.max_months
  AND (k.ends_on IS NULL OR date_trunc('month', k.ends_on) >= %(month)s)
  AND NOT EXISTS (SELECT 1 FROM entitlements_entitlementline l WHERE l.scheme_code = %(scheme)s AND l.person_id = e.person_id
                  AND l.month = %(month)s AND l.kind = 'month')
"""


def copy_rows(cur, table: str, columns: str, rows) -> None:
    with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def load(n: int) -> None:
    from subsidies.models import SchemeRound
    from xingtai_jobs.core.models import Region

    synth.load(2000, "2024-01", "2024-01")  # its TRUNCATE … CASCADE also empties the rounds: ensured again below
    import importlib

    from django.apps import apps as django_apps

    from entitlements.migrations import __path__ as _mig  # noqa: F401 - the package exists

    importlib.import_module("entitlements.migrations.0002_rounds_2024").forwards(django_apps, None)
    round_ = SchemeRound.objects.get(scheme__code="si_hardship", assessment_year=2024)
    region_ids = list(Region.objects.values_list("id", flat=True))
    with connection.cursor() as cur:
        cur.execute("TRUNCATE entitlements_lineadjustment, entitlements_entitlementline, entitlements_entitlement RESTART IDENTITY CASCADE")
        cur.execute("TRUNCATE persons_personcontribution, persons_hardshipcertification, persons_labourcontract RESTART IDENTITY CASCADE")
        cur.execute("DELETE FROM persons_citizenaccount; DELETE FROM recruitment_internshipplacement")
        cur.execute("TRUNCATE persons_person RESTART IDENTITY CASCADE")
        cur.execute("INSERT INTO persons_hardshipcategory (code, name, sort_order) VALUES ('bench', '基准', 0) ON CONFLICT DO NOTHING")
        cur.execute("SELECT id FROM persons_hardshipcategory WHERE code = 'bench'")
        category = cur.fetchone()[0]
        cur.execute("SELECT id, region_id FROM enterprises_enterprise WHERE NOT dishonest ORDER BY id")  # employers the rule accepts
        enterprises = cur.fetchall()
        now = dt.datetime.now(dt.UTC)
        people = []
        for i in range(n):
            birth = dt.date(1975, 1, 1) + dt.timedelta(days=i % 7000)
            seq = i // 7000 * 2 + 1  # odd: men
            body = f"130502{birth:%Y%m%d}{seq:03d}"
            people.append((body + ric.calc_check_digit(body + "0"), f"人员{i}", "", "male", birth, region_ids[i % len(region_ids)],
                           "", "", "", "", None, None, now, now))
        copy_rows(cur, "persons_person", "resident_id, name, phone, sex, birth_date, region_id, education, degree_type, school, major, "
                  "graduation_date, retirement_base_age, created_at, updated_at", people)
        cur.execute("SELECT id FROM persons_person ORDER BY id")
        pids = [r[0] for r in cur.fetchall()]
        copy_rows(cur, "persons_hardshipcertification", "person_id, category_id, certified_on, valid_until, region_id",
                  ((pid, category, dt.date(2023, 6, 1), None, region_ids[0]) for pid in pids))
        employer = {pid: enterprises[k % len(enterprises)] for k, pid in enumerate(pids)}
        copy_rows(cur, "persons_labourcontract", "person_id, enterprise_id, starts_on, ends_on, kind",
                  ((pid, employer[pid][0], dt.date(2024, 1, 1), None, "open_ended") for pid in pids))
        months = [dt.date(2024, m, 1) for m in range(1, 8)]

        def contributions():
            for k, pid in enumerate(pids):
                for m in months:
                    if m == JULY and k % 100 == 7:
                        continue
                    yield (pid, employer[pid][0], m, "400.00", "160.00", "200.00", "40.00", "16.00", "6.00", "8.00",
                           m == JULY and k % 50 == 3, now)

        copy_rows(cur, "persons_personcontribution", "person_id, enterprise_id, month, pension_unit, pension_personal, medical_unit, "
                  "medical_personal, ui_unit, ui_personal, injury_unit, in_arrears, updated_at", contributions())
        cur.execute("SELECT id, person_id, enterprise_id FROM persons_labourcontract ORDER BY id")
        contracts = cur.fetchall()
        copy_rows(cur, "entitlements_entitlement",
                  "round_id, scheme_code, enterprise_id, region_id, person_id, contract_id, placement_id, basis_key, start_month, max_months, "
                  "first_approved_on, eligible, failed_checks, checks, schedule, state, end_reason, ended_month, staff_message, note, "
                  "reviewed_by_id, approved_by_id, computed_through, created_at, updated_at",
                  ((round_.pk, "si_hardship", eid, employer[pid][1], pid, cid, None, f"contract:{cid}", dt.date(2024, 1, 1), 36,
                    dt.date(2024, 2, 1), True, "[]", "[]", "{}", "running", "", None, "", "", None, None, dt.date(2024, 6, 1), now, now)
                   for cid, pid, eid in contracts))
        cur.execute("SELECT id, person_id FROM entitlements_entitlement ORDER BY id")
        ents = cur.fetchall()
        facts = '{"pension_unit": "400.00", "medical_unit": "200.00", "ui_unit": "16.00", "insurances": ["medical", "pension", "unemployment"]}'
        copy_rows(cur, "entitlements_entitlementline",
                  "entitlement_id, scheme_code, person_id, month, months, amount, facts, state, attempts, application_id, created_at, updated_at",
                  ((eid, "si_hardship", pid, m, 1, "616.00", facts, "paid", 0, None, now, now) for eid, pid in ents for m in months[:6]))
        cur.execute("ANALYZE")


def july_lines() -> set[tuple[int, str]]:
    return {(e, str(a)) for e, a in EntitlementLine.objects.filter(month=JULY).values_list("entitlement_id", "amount")}


def rule_july_lines(round_, every: int = 20) -> tuple[dict[str, str], set[int]]:
    """basis → July amount by the pure rule for every ``every``-th person, and those persons."""
    persons = list(Entitlement.objects.filter(round=round_).order_by("person_id").values_list("person_id", flat=True))[::every]
    out = {}
    for part in services.plan_chunks(round_, through=JULY, person_ids=persons):
        for subject, outcome in part:
            for line in outcome.lines:
                if line.month == JULY:
                    out[subject.basis_key] = str(line.amount)
    return out, set(persons)


def explain() -> None:
    """The plan of compute_month's statement for July on the loaded data, as it runs (ANALYZE), then rolled back."""
    round_ = services.round_for("si_hardship", 2024)
    EntitlementLine.objects.filter(month=JULY).delete()
    Entitlement.objects.filter(round=round_).update(state="running", end_reason="", ended_month=None)
    sql, params, deciding, _gap = services._month_statement(round_, JULY)
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL work_mem = '64MB'")
        cur.execute("SET LOCAL jit = off")  # as compute_month runs it
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        print("\n".join(row[0] for row in cur.fetchall()))
        transaction.set_rollback(True)
    print(f"({deciding} entitlements decided)")


def plan_chunk(n: int) -> None:
    """``record_plan`` (the command's, the approval's and the quarterly reconciliation's path) over
    the first ``n`` persons through July in ONE chunk, twice, each rolled back."""
    round_ = services.round_for("si_hardship", 2024)
    persons = list(Entitlement.objects.filter(round=round_).order_by("person_id").values_list("person_id", flat=True)[:n])
    for attempt in range(2):
        with transaction.atomic():
            t = time.perf_counter()
            services.record_plan(round_=round_, through=JULY, person_ids=persons, chunk=len(persons))
            print(f"run {attempt + 1}: record_plan of {len(persons)} persons in one chunk {time.perf_counter() - t:.2f} s")
            transaction.set_rollback(True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN (ANALYZE, BUFFERS) of the month's statement (rolled back)")
    parser.add_argument("--plan", type=int, metavar="N", help="time record_plan over the first N persons in one chunk (rolled back)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("needs PostgreSQL (DATABASE_URL)")
    if args.explain:
        explain()
        return
    if args.plan:
        plan_chunk(args.plan)
        return
    if not args.no_load:
        t = time.perf_counter()
        load(args.persons)
        print(f"loaded {args.persons} persons, entitlements, 7 months of contributions and 6 lines each in {time.perf_counter() - t:.1f} s")
    round_ = services.round_for("si_hardship", 2024)
    running = Entitlement.objects.filter(round=round_, state="running").count()
    results = {}
    for attempt in range(2):
        EntitlementLine.objects.filter(month=JULY).delete()
        Entitlement.objects.filter(round=round_).update(state="running", end_reason="", ended_month=None)
        t = time.perf_counter()
        out = services.compute_month(round_=round_, month=JULY)
        results.setdefault("service", []).append(time.perf_counter() - t)
        ours = july_lines()
        if attempt == 0:
            rule, sample = rule_july_lines(round_)
            fast = {b: str(a) for b, a in EntitlementLine.objects.filter(month=JULY, person_id__in=sample)
                    .values_list("entitlement__basis_key", "amount")}
            assert fast == rule, (len(fast), len(rule), len(set(fast.items()) ^ set(rule.items())))
            print(f"the pure rule agrees on the July lines of {len(sample)} sampled persons ({len(rule)} lines)")
        EntitlementLine.objects.filter(month=JULY).delete()
        t = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(REFERENCE_SQL, {"month": JULY, "scheme": "si_hardship", "round": round_.pk})
        results.setdefault("sql", []).append(time.perf_counter() - t)
        ref = july_lines()
        assert ours == ref, (len(ours), len(ref), len(ours ^ ref))
        print(f"run {attempt + 1}: {running} running entitlements, {out['lines']} July lines; compute_month "
              f"{results['service'][-1]:.2f} s, SQL reference {results['sql'][-1]:.2f} s "
              f"({results['service'][-1] / results['sql'][-1]:.1f}x); identical lines: {ours == ref}")
    buf = io.StringIO()
    print(f"best: compute_month {min(results['service']):.2f} s, SQL {min(results['sql']):.2f} s, ratio "
          f"{min(results['service']) / min(results['sql']):.1f}x", file=buf)
    print(buf.getvalue(), end="")


if __name__ == "__main__":
    main()
