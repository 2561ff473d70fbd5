"""The one key-enterprise list export (重点企业名单.xlsx), used by the staff page and the admin
action alike: the same columns, the designations the caller's selector gives."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _

from enterprises.industries import industry_label
from xingtai_jobs.core.documents import xlsx_response


def key_enterprises_xlsx(designations: QuerySet) -> HttpResponse:
    headers = [_("Unified social credit code"), _("Enterprise"), _("Region"), _("Industry"), _("Reason"), _("Designated on"),
               _("Revoked on")]
    rows = ([d.enterprise.uscc, d.enterprise.name, d.region.name, industry_label(d.enterprise.industry_code), d.reason, d.designated_on,
             d.revoked_on or ""] for d in designations.select_related("enterprise", "region").iterator())
    return xlsx_response("重点企业名单.xlsx", headers, rows)
