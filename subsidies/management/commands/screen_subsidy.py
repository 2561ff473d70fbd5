"""python manage.py screen_subsidy stable_job_refund --year 2023 [--dry-run] [--json]"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from subsidies.services import round_for_year, screening_compute, screening_run
from xingtai_jobs.core.errors import DomainError


class Command(BaseCommand):
    help = "Screen every enterprise for a subsidy scheme round (免申即享). --year is the assessment year."

    def add_arguments(self, parser):
        parser.add_argument("scheme", help="scheme code, e.g. stable_job_refund")
        parser.add_argument("--year", type=int, required=True, help="assessment year (selects the round)")
        parser.add_argument("--dry-run", action="store_true", help="compute and print, save nothing (any round)")
        parser.add_argument("--json", dest="as_json", action="store_true", help="print only a JSON array, one object per enterprise")

    def handle(self, *args, scheme, year, dry_run, as_json: bool, **options):
        try:
            round_ = round_for_year(scheme, year)
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
            self.stdout.write(
                f"{round_.name}: screened {totals['screened']}, candidates {totals['candidates']}, "
                f"replaced {totals['replaced']} unconfirmed candidates"
            )

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
