"""Synthetic city-scale data for the benchmarks (not used by the test suite).

    python bench/synth.py load --enterprises 50000 --from 2022-01 --to 2023-12   # into DATABASE_URL
    python bench/synth.py files --enterprises 50000 --months 12 --out bench/out  # .csv/.xlsx import files

Loading goes straight into PostgreSQL with COPY (fast, repeatable: the same seed gives the same
data); files are written for timing the import commands. Everything is deterministic per seed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import random
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xingtai_jobs.settings")
os.environ.setdefault("XT_TESTING", "false")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from stdnum.cn import uscc as uscc_mod  # noqa: E402

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
UNIT_TYPES = ["enterprise"] * 90 + ["social_org", "foundation", "social_service_org", "law_firm", "accounting_firm"] * 1 + [
    "individual_business"] * 5
SIZES = ["large"] * 3 + ["medium"] * 12 + ["small"] * 40 + ["micro"] * 45
INDUSTRIES = ["C30", "C31", "C33", "C36", "E47", "F51", "F52", "G54", "H61", "H62", "I65", "K70", "L72", "M75", "O80", "Q84"]


def uscc_for(i: int) -> str:
    org, value = "", i + 1
    for _ in range(8):
        org = ALPHABET[value % 31] + org
        value //= 31
    body = "91130500" + org + "0"  # note: region digits fixed; uniqueness comes from org
    body = body[:17]
    return body + uscc_mod.calc_check_digit(body)


def month_range(start: str, end: str) -> list[dt.date]:
    y, m = map(int, start.split("-"))
    ey, em = map(int, end.split("-"))
    out = []
    while (y, m) <= (ey, em):
        out.append(dt.date(y, m, 1))
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def enterprise_rows(n: int, region_codes: list[str], seed: int = 1):
    rnd = random.Random(seed)
    for i in range(n):
        size = rnd.choice(SIZES)
        yield {
            "uscc": uscc_for(i),
            "name": f"邢台合成企业{i:06d}有限公司",
            "region_code": region_codes[i % len(region_codes)],
            "industry_code": rnd.choice(INDUSTRIES),
            "unit_type": rnd.choice(UNIT_TYPES),
            "size_class": size,
            "above_scale": size in ("large", "medium") or rnd.random() < 0.1,
            "key_enterprise": rnd.random() < 0.02,
            "dishonest": rnd.random() < 0.01,
            "deregistering": rnd.random() < 0.005,
            "address": f"邢台市合成路{i}号",
            "contact_name": "联系人",
            "contact_phone": f"138{i:08d}",
        }


def insurance_rows(n: int, months: list[dt.date], seed: int = 1):
    """Per enterprise a base headcount with drift; ~3% miss a month, ~2% underpay a month."""
    rnd = random.Random(seed + 7)
    for i in range(n):
        base = max(1, int(rnd.lognormvariate(3.2, 1.1)))
        wage_premium = Decimal(rnd.choice([60, 70, 80, 90]))  # yuan per insured person per month
        missing = rnd.random() < 0.03
        for idx, month in enumerate(months):
            if missing and idx == 5:
                continue
            count = max(1, base + rnd.randint(-2, 3) + idx // 6)
            due = (wage_premium * count).quantize(Decimal("0.01"))
            paid = due if rnd.random() > 0.02 else (due * Decimal("0.5")).quantize(Decimal("0.01"))
            yield {
                "uscc": uscc_for(i),
                "month": month,
                "insured_count": count,
                "new_insured": rnd.randint(0, max(1, count // 10)),
                "ui_premium_due": due,
                "ui_premium_paid": paid,
                "ui_new_claimants": 0 if rnd.random() < 0.8 else rnd.randint(0, max(1, count // 15)),
            }


def load(n: int, start: str, end: str, seed: int = 1) -> None:
    """Replace all enterprises and figures in DATABASE_URL (PostgreSQL) with synthetic ones."""
    from django.db import connection

    from xingtai_jobs.core.models import Region

    if connection.vendor != "postgresql":
        raise SystemExit("load needs PostgreSQL (set DATABASE_URL)")
    regions = dict(Region.objects.values_list("code", "id"))
    codes = sorted(regions)
    months = month_range(start, end)
    with connection.cursor() as cur:
        cur.execute("TRUNCATE enterprises_insurancemonth, enterprises_employmentreport, enterprises_labourdispute RESTART IDENTITY CASCADE")
        cur.execute("UPDATE core_user SET enterprise_id = NULL WHERE enterprise_id IS NOT NULL AND role <> 'enterprise_user'")
        cur.execute("DELETE FROM core_user WHERE role = 'enterprise_user'")
        # Not TRUNCATE … CASCADE of the registry: core_user references it, and through core_user the
        # shipped data of every app (policy figures, rounds, ranking methods) would go too.
        cur.execute("UPDATE core_user SET enterprise_id = NULL WHERE enterprise_id IS NOT NULL")
        cur.execute("SELECT DISTINCT conrelid::regclass::text FROM pg_constraint WHERE contype = 'f' "
                    "AND confrelid = 'enterprises_enterprise'::regclass AND conrelid <> 'core_user'::regclass")
        referencing = [name for (name,) in cur.fetchall()]
        if referencing:
            cur.execute(f"TRUNCATE {', '.join(referencing)} RESTART IDENTITY CASCADE")  # noqa: S608 - catalogue names
        cur.execute("DELETE FROM enterprises_enterprise")
        cur.execute("ALTER TABLE enterprises_enterprise ALTER COLUMN id RESTART WITH 1")
        buf = io.StringIO()
        w = csv.writer(buf)
        now = dt.datetime.now(dt.UTC).isoformat()
        for r in enterprise_rows(n, codes, seed):
            w.writerow([r["uscc"], r["name"], regions[r["region_code"]], r["industry_code"][0], r["industry_code"], r["unit_type"],
                        r["size_class"], "social_insurance", r["above_scale"], r["key_enterprise"], r["dishonest"],
                        r["deregistering"], r["address"], r["contact_name"], r["contact_phone"], now, now])
        buf.seek(0)
        cols = ("uscc, name, region_id, industry_section, industry_code, unit_type, size_class, size_source, above_scale, "
                "key_enterprise, dishonest, deregistering, address, contact_name, contact_phone, created_at, updated_at")
        with cur.copy(f"COPY enterprises_enterprise ({cols}) FROM STDIN WITH (FORMAT csv)") as copy:
            copy.write(buf.getvalue())
        cur.execute("SELECT uscc, id FROM enterprises_enterprise")
        ids = dict(cur.fetchall())
        with cur.copy(
            "COPY enterprises_insurancemonth (enterprise_id, month, insured_count, new_insured, ui_premium_due, ui_premium_paid, "
            "ui_new_claimants, updated_at) FROM STDIN WITH (FORMAT csv)"
        ) as copy:
            chunk = io.StringIO()
            w = csv.writer(chunk)
            for k, r in enumerate(insurance_rows(n, months, seed)):
                w.writerow([ids[r["uscc"]], r["month"], r["insured_count"], r["new_insured"], r["ui_premium_due"],
                            r["ui_premium_paid"], r["ui_new_claimants"], now])
                if k % 50000 == 49999:
                    copy.write(chunk.getvalue())
                    chunk = io.StringIO()
                    w = csv.writer(chunk)
            copy.write(chunk.getvalue())
        cur.execute("ANALYZE enterprises_enterprise; ANALYZE enterprises_insurancemonth")
    restore_shipped_data()
    print(f"loaded {n} enterprises x {len(months)} months")


def restore_shipped_data() -> None:
    """TRUNCATE enterprises_enterprise CASCADE also empties every table that references it, and
    every table referencing those (core_user: the policy figures, the subsidy rounds …): put back
    what migrations ship (the policy defaults of post_migrate, the subsidy rounds' data migrations)."""
    import importlib

    from django.apps import apps

    from xingtai_jobs.core.policy import ensure_defaults

    ensure_defaults()
    for name in ("0002_stable_job_refund_rounds", "0004_person_scheme_rounds"):
        importlib.import_module(f"subsidies.migrations.{name}").forwards(apps, None)


def write_files(n: int, months: int, out: Path, seed: int = 1, xlsx: bool = True) -> dict[str, Path]:
    """Import files in the templates' format (Chinese headers)."""
    out.mkdir(parents=True, exist_ok=True)
    codes = ["130502", "130503", "130505", "130506", "130522", "130523", "130524", "130525", "130528", "130529",
             "130530", "130531", "130532", "130533", "130534", "130535", "130581", "130582", "130571", "130572"]
    ent_headers = ["uscc", "name", "region_code", "industry_code", "unit_type", "size_class", "above_scale",
                   "key_enterprise", "dishonest", "deregistering", "address", "contact_name", "contact_phone"]
    ins_headers = ["uscc", "month", "insured_count", "new_insured", "ui_premium_due", "ui_premium_paid", "ui_new_claimants"]
    month_list = month_range("2023-01", f"2023-{months:02d}") if months <= 12 else month_range("2022-01", "2023-12")
    paths = {}
    for name, headers, rows in (
        ("enterprises", ent_headers, enterprise_rows(n, codes, seed)),
        ("insurance", ins_headers, insurance_rows(n, month_list, seed)),
    ):
        csv_path = out / f"{name}_{n}.csv"
        with csv_path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(headers)
            for r in rows:
                w.writerow([("true" if v is True else "false" if v is False else (v.strftime("%Y-%m") if isinstance(v, dt.date) else v))
                            for v in (r[h] for h in headers)])
        paths[f"{name}_csv"] = csv_path
        if xlsx:
            from openpyxl import Workbook

            xlsx_path = out / f"{name}_{n}.xlsx"
            wb = Workbook(write_only=True)
            ws = wb.create_sheet("data")
            with csv_path.open(encoding="utf-8") as fh:
                for row in csv.reader(fh):
                    ws.append(row)
            wb.save(xlsx_path)
            paths[f"{name}_xlsx"] = xlsx_path
    return paths


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("load")
    p.add_argument("--enterprises", type=int, default=50000)
    p.add_argument("--from", dest="start", default="2022-01")
    p.add_argument("--to", dest="end", default="2023-12")
    p.add_argument("--seed", type=int, default=1)
    f = sub.add_parser("files")
    f.add_argument("--enterprises", type=int, default=50000)
    f.add_argument("--months", type=int, default=12)
    f.add_argument("--out", default="bench/out")
    f.add_argument("--no-xlsx", action="store_true")
    args = parser.parse_args()
    if args.cmd == "load":
        load(args.enterprises, args.start, args.end, args.seed)
    else:
        for k, v in write_files(args.enterprises, args.months, Path(args.out), xlsx=not args.no_xlsx).items():
            print(k, v)


if __name__ == "__main__":
    main()
