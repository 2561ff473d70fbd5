from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from rankings.models import Ranking
from rankings.services import ranking_publish
from xingtai_jobs.core.errors import DomainError


class Command(BaseCommand):
    help = "Publish the computed ranking of a year (freezes the snapshot)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--force", action="store_true", help="publish although corrections are not settled")
        parser.add_argument("--reason", default="", help="required with --force; recorded and shown with the ranking")
        parser.add_argument("--user", help="username recorded as the actor (default: system)")

    def handle(self, *args, year, force, reason, user=None, **options):
        actor = get_user_model().objects.filter(username=user).first() if user else None
        if user and actor is None:
            raise CommandError(f"no user {user}")
        ranking = Ranking.objects.filter(year=year).first()
        if ranking is None:
            raise CommandError(f"no ranking for {year}: run compute_ranking --year {year} first")
        try:
            ranking = ranking_publish(ranking=ranking, actor=actor, force=force, reason=reason)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(f"{year}: published {ranking.published_entries.count()} entries")
