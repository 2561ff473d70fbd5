from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from xingtai_jobs.core import pagecache
from xingtai_jobs.core.access import staff_required
from xingtai_jobs.core.models import TaskRun

HOME = pagecache.PageCache("core", seconds=settings.XT_PAGE_CACHE_SECONDS)


@require_GET
def home(request):
    """The home page (navigation cards from every app's declaration): cached for anonymous visitors."""
    return pagecache.cached_page(request, HOME, "home", "core/home.html", dict)


@require_GET
def favicon(request):
    """``/favicon.ico``: the emblem file of ``static/favicon.ico`` (browsers ask for this path
    whatever the page links), cached by the browser for a day."""
    from pathlib import Path

    from django.contrib.staticfiles import finders

    found = finders.find("favicon.ico") or str(Path(settings.STATIC_ROOT) / "favicon.ico")
    response = HttpResponse(Path(found).read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@never_cache
@require_GET
def healthz(request):
    """Liveness: the process answers."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    """Readiness: the database answers and, when configured, Redis does too."""
    checks: dict[str, str] = {}
    ok = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - report any failure
        ok = False
        checks["database"] = f"error: {exc.__class__.__name__}"
    redis_url = settings.REDIS_URL or (settings.CELERY_BROKER_URL if (settings.CELERY_BROKER_URL or "").startswith("redis") else None)
    if redis_url:
        try:
            import redis

            redis.Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception as exc:  # noqa: BLE001
            ok = False
            checks["redis"] = f"error: {exc.__class__.__name__}"
    return JsonResponse({"status": "ok" if ok else "unavailable", "checks": checks}, status=200 if ok else 503)


@staff_required
@never_cache
def taskrun_progress(request, pk: int):
    """An htmx partial that re-polls itself until the task is finished."""
    qs = TaskRun.objects.all()
    if not (request.user.is_superuser or request.user.is_city_staff):
        qs = qs.filter(started_by=request.user)
    run = get_object_or_404(qs, pk=pk)
    return render(request, "core/partials/taskrun_progress.html", {"run": run})


def trivial(request):
    """The benchmarks' reference: the cheapest possible Django response."""
    return HttpResponse("ok", content_type="text/plain")
