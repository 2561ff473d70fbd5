"""The suite's page list: every page a person opens, with who opens it.

``static_pages()`` walks the URL resolver for the pages without a parameter (files, the API, the
admin, health checks and redirects left out); ``detail_pages()`` adds one page of each kind that
needs a row, taken from the demo data (``seed_demo``). Each entry is ``(audience, path)`` with
audience ``public`` (anonymous), ``citizen``, ``enterprise`` (demo login ``ent_1``) or ``staff``
(demo login ``city``). Used by the accessibility walk (tests/core/test_accessibility.py)."""

from __future__ import annotations

from django.urls import URLResolver, get_resolver

SKIP_PREFIXES = ("admin/", "api/", "healthz", "readyz", "bench/", "jsi18n/", "i18n/", "accounts/logout/", "captcha/", "__")
SKIP_SUFFIXES = (".xlsx", ".csv", ".pdf", ".wav", "progress/")
# Pages that only answer a POST or redirect elsewhere.
NOT_PAGES = {"complaints/done/", "enterprise/reports/submit/"}


def audience_of(path: str) -> str:
    if path.startswith("staff/"):
        return "staff"
    if path.startswith("enterprise/"):
        return "enterprise"
    if path.startswith("me/") and path != "me/signup/":
        return "citizen"
    return "public"


def static_pages() -> list[tuple[str, str]]:
    routes: list[str] = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            else:
                routes.append(prefix + str(p.pattern))

    walk(get_resolver().url_patterns)
    pages = []
    for route in routes:
        if "<" in route or "(?P" in route or "^" in route or route.startswith(SKIP_PREFIXES) or route.endswith(SKIP_SUFFIXES):
            continue
        if route in NOT_PAGES:
            continue
        pages.append((audience_of(route), "/" + route))
    return sorted(set(pages))


def detail_pages() -> list[tuple[str, str]]:
    """One page of each kind that needs a row of the demo data."""
    from measures.models import Report as MeasureReport
    from rankings.models import Ranking
    from recruitment.models import Event, JobPosting
    from subsidies.models import Application as SubsidyItem
    from subsidies.models import PayoutBatch, PublicNotice, SchemeRound
    from wage_arrears.models import Complaint, ReceptionSession
    from xingtai_jobs.core.models import User

    pages: list[tuple[str, str]] = []

    def add(audience, path):
        if path:
            pages.append((audience, path))

    event = Event.objects.filter(status__in=Event.OPEN_STATUSES).order_by("pk").first()
    if event:
        add("public", f"/events/{event.pk}/")
        add("staff", f"/staff/recruitment/events/{event.pk}/checkin/")
    posting = JobPosting.objects.filter(is_active=True).order_by("pk").first()
    if posting:
        add("public", f"/jobs/{posting.pk}/")
    notice = PublicNotice.objects.order_by("pk").first()
    if notice:
        add("public", f"/notices/{notice.pk}/")
    ranking = Ranking.objects.filter(status="published").order_by("-year").first()
    if ranking:
        add("public", f"/rankings/{ranking.year}/")
    any_ranking = Ranking.objects.order_by("-year").first()
    if any_ranking:
        add("staff", f"/staff/rankings/{any_ranking.year}/")
    add("public", "/measures/1/")
    complaint = Complaint.objects.order_by("pk").first()
    if complaint:
        add("staff", f"/staff/wage-arrears/cases/{complaint.pk}/")
    session = ReceptionSession.objects.order_by("pk").first()
    if session:
        add("staff", f"/staff/wage-arrears/sessions/{session.pk}/")
    item = SubsidyItem.objects.order_by("pk").first()
    if item:
        add("staff", f"/staff/subsidies/items/{item.pk}/")
    scheme_round = SchemeRound.objects.order_by("pk").first()
    if scheme_round:
        add("staff", f"/staff/subsidies/rounds/{scheme_round.pk}/")
    batch = PayoutBatch.objects.order_by("pk").first()
    if batch:
        add("staff", f"/staff/subsidies/batches/{batch.pk}/")
    report = MeasureReport.objects.order_by("pk").first()
    if report:
        add("staff", f"/staff/measures/reports/{report.pk}/")
    ent_user = User.objects.filter(username="ent_1").first()
    ent = ent_user.enterprise if ent_user else None
    if ent:
        own = JobPosting.objects.filter(enterprise=ent).order_by("pk").first()
        if own:
            add("enterprise", f"/enterprise/recruitment/postings/{own.pk}/")
        own_item = SubsidyItem.objects.filter(enterprise=ent).order_by("pk").first()
        if own_item:
            add("enterprise", f"/enterprise/subsidies/{own_item.pk}/")
    return pages


def seed_demo_after_flush() -> None:
    """seed_demo in a transactional test: a flush by an earlier test removed the rows of the
    persons data migration (hardship categories) that the demo needs; put them back first."""
    import importlib
    import io

    from django.apps import apps
    from django.core.management import call_command

    importlib.import_module("persons.migrations.0002_hardship_categories").forwards(apps, None)
    call_command("seed_demo", stdout=io.StringIO())
