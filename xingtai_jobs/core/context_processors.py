"""Template context shared by every page: the bureau name and the navigation that each app
declares on its AppConfig (``nav_links``), so adding a section needs no edit to the base layout."""

from __future__ import annotations

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

BUREAU_NAME = _("Xingtai Human Resources and Social Security Bureau")
PORTAL_NAME = _("Employment Services Portal")


def _collect(audience: str) -> list[dict]:
    links = []
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_links", ()):
            label, url_name, who = item[0], item[1], item[2]
            if who != audience:
                continue
            try:
                links.append({"label": label, "url": reverse(url_name), "description": item[3] if len(item) > 3 else ""})
            except NoReverseMatch:
                continue
    return links


def portal(request):
    return {
        "BUREAU_NAME": BUREAU_NAME,
        "PORTAL_NAME": PORTAL_NAME,
        "public_nav": _collect("public"),
        "enterprise_nav": _collect("enterprise"),
        "staff_nav": _collect("staff"),
    }
