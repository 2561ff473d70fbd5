"""python manage.py screen_subsidy SCHEME --year Y [--as-of DATE|YYYY-MM] [--dry-run] [--json]

For 稳岗返还 ``--year`` is the assessment year; for the person schemes (job_expansion,
skill_upgrade) it is the round's year. ``--json`` prints only a JSON array, one object per evaluated
enterprise, labour contract or certificate (the full resident ID: an operator's command)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from subsidies.services import (
    PERSON_SCHEMES,
    parse_as_of,
    person_screening_compute,
    round_for_year,
    screening_compute,
    screening_run,
)
from xingtai_jobs.core.errors import DomainError


class Command(BaseCommand):
    help = ("Screen a subsidy scheme round (免申即享): every enterprise (稳岗返还), labour contract (job_expansion) or "
            "certificate (skill_upgrade). --year selects the round.")

    def add_arguments(self, parser):
        parser.add_argument("scheme", help="scheme code, e.g. stable_job_refund")
        parser.add_argument("--year", type=int, required=True, help="assessment year, or the round's year of a person scheme")
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD or YYYY-MM: the review month (job expansion) or run date")
        parser.add_argument("--dry-run", action="store_true", help="compute and print, save nothing (any round)")
        parser.add_argument("--json", dest="as_json", action="store_true", help="print only a JSON array, one object per enterprise")

    def handle(self, *args, scheme, year, dry_run, as_json: bool, as_of=None, **options):
        try:
            round_ = round_for_year(scheme, year)
            as_of_date, _month_only = parse_as_of(as_of)
            if scheme in PERSON_SCHEMES:
                if dry_run:
                    self._print_persons(scheme, person_screening_compute(round_=round_, as_of=as_of_date), as_json=as_json)
                    return
                totals = screening_run(round_=round_, as_of=as_of_date)
                if as_json:  # the decisions as stored (confirmed items now count as history)
                    self._print_persons(scheme, person_screening_compute(round_=round_, as_of=as_of_date), as_json=True)
                else:
                    self._totals(round_, totals)
                return
            if as_of_date is not None:
                raise CommandError("--as-of applies to the person schemes only.")
            if dry_run:
                results = screening_compute(round_=round_)
                self._print(results, as_json=as_json)
                return
            if as_json:
                results = screening_compute(round_=round_)
            totals = screening_run(round_=round_)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        if as_json:
            self._print(results, as_json=True)
        else:
            self._totals(round_, totals)

    def _totals(self, round_, totals: dict) -> None:
        self.stdout.write(
            f"{round_.name}: screened {totals['screened']}, candidates {totals['candidates']}, "
            f"replaced {totals['replaced']} unconfirmed candidates"
        )

    def _print_persons(self, scheme: str, results, *, as_json: bool) -> None:
        rows = []
        for r in results:
            subject, decision = r["subject"], r["decision"]
            row = {"resident_id": subject.resident_id}
            if scheme == "job_expansion":
                row["uscc"] = subject.uscc
            else:
                row["certificate_no"] = subject.certificate_no
            row["eligible"] = decision.eligible
            if scheme == "job_expansion":
                row["basis"] = decision.basis if decision.eligible else None
            row["amount"] = str(decision.amount)
            row["failed_checks"] = decision.failed_checks
            rows.append(row)
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            key = row.get("uscc") or row.get("certificate_no")
            self.stdout.write(f"{'OK ' if row['eligible'] else '-- '}{row['resident_id'][:4]}**********{row['resident_id'][-4:]} "
                              f"{key} amount={row['amount']} {','.join(row['failed_checks'])}")
        eligible = [r for r in rows if r["eligible"]]
        self.stdout.write(f"dry run: {len(rows)} evaluated, {len(eligible)} eligible; nothing saved")

    def _print(self, results, *, as_json: bool) -> None:
        rows = [
            {
                "uscc": r["enterprise"]["uscc"],
                "eligible": r["decision"].eligible,
                "rate": str(r["decision"].rate),
                "base": str(r["decision"].base),
                "amount": str(r["decision"].amount),
                "failed_checks": r["decision"].failed_checks,
            }
            for r in results
        ]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        eligible = [r for r in rows if r["eligible"]]
        total = sum((r["decision"].amount for r in results), start=0)
        for row in rows:
            flag = "OK " if row["eligible"] else "-- "
            self.stdout.write(f"{flag}{row['uscc']} rate={row['rate']} base={row['base']} amount={row['amount']} {','.join(row['failed_checks'])}")
        self.stdout.write(f"dry run: {len(rows)} screened, {len(eligible)} eligible, total {total} yuan; nothing saved")
