"""The printable QR posters of a region or a site."""

from __future__ import annotations

from django.utils.translation import gettext as _

from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import Region

from ..policy import HandlingPolicy
from . import common
from .common import policy_on

# The poster is printed in Chinese only (like its other lines), whatever the UI language.
POSTER_WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def session_poster_line(policy: HandlingPolicy) -> str:
    """The poster's line on the joint reception sessions, from the policy: 每周五14:30联合接访."""
    return f"每{POSTER_WEEKDAYS[policy.session_weekday % 7]}{policy.session_start:%H:%M}联合接访"


def poster_pdf(*, url: str, region: Region, site=None, size: str = "A4") -> bytes:
    """The printable QR poster of a region or a site (A4 or A3); the session line follows the
    handling policy in force."""
    from xingtai_jobs.core.documents import qr_svg, render_pdf

    if size not in ("A4", "A3"):
        raise DomainError(_("Choose A4 or A3."), field="size")
    return render_pdf("wage_arrears/poster.html", {
        "url": url, "region": region, "site": site, "size": size,
        "session_line": session_poster_line(policy_on(common.today())),
        "qr": qr_svg(url, scale=12 if size == "A3" else 9, border=4)})
