"""python manage.py plan_entitlements SCHEME --year Y --through YYYY-MM [--dry-run] [--json]"""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from entitlements.policy import SCHEMES
from xingtai_jobs.core.errors import DomainError


def _month(value: str) -> dt.date:
    try:
        year, month = value.split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError
        return dt.date(int(year), int(month), 1)
    except ValueError:
        raise CommandError(f"--through must be a month YYYY-MM, not {value!r}") from None


class Command(BaseCommand):
    help = ("Compute (and without --dry-run record) the entitlements of a scheme's round and their monthly lines up to a month "
            "(the lines stop at the last month whose contributions are in).")

    def add_arguments(self, parser):
        parser.add_argument("scheme", choices=SCHEMES)
        parser.add_argument("--year", type=int, required=True, help="The round's assessment year.")
        parser.add_argument("--through", required=True, help="Last month to compute, YYYY-MM.")
        parser.add_argument("--dry-run", action="store_true", help="Compute and report; record nothing.")
        parser.add_argument("--json", action="store_true", help="Print only a JSON array, one object per contract (placement).")

    def handle(self, *args, scheme, year, through, dry_run, **options):
        from entitlements.services import as_json, record_plan, round_for

        month = _month(through)
        try:
            round_ = round_for(scheme, year)
            results = record_plan(round_=round_, through=month, dry_run=dry_run)
        except DomainError as exc:
            raise CommandError(str(exc.message if hasattr(exc, "message") else exc)) from None
        if options["json"]:
            self.stdout.write(_dumps([as_json(subject, outcome) for subject, outcome in results]))
            return
        eligible = [o for _s, o in results if o.eligible]
        lines = sum(len(o.lines) for o in eligible)
        total = sum((o.total for o in eligible), start=0)
        self.stdout.write(f"{round_.name}: {len(results)} objects, {len(eligible)} eligible, {lines} monthly lines, "
                          f"{total:.2f} yuan{' (dry run: nothing recorded)' if dry_run else ''}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
