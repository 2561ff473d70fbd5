from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from rankings.services import ranking_compute
from xingtai_jobs.core.errors import DomainError


class Command(BaseCommand):
    help = "Compute (or recompute) the preview of the employment-driving ranking for a year and print the top 10."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--user", help="username recorded as the actor (default: system)")

    def handle(self, *args, year, user=None, **options):
        actor = get_user_model().objects.filter(username=user).first() if user else None
        if user and actor is None:
            raise CommandError(f"no user {user}")
        try:
            ranking = ranking_compute(year=year, actor=actor)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(f"{year}: {ranking.population_count} ranked, {ranking.excluded_count} excluded; "
                          f"corrections until {ranking.correction_deadline}")
        for e in ranking.entries.select_related("enterprise").order_by("rank")[:10]:
            self.stdout.write(f"{e.rank:>4}  {e.score:>6.2f}  {e.uscc}  {e.enterprise.name}")
