"""Personal data in the back office: every full view audited, no ID or phone number in a URL.

``PersonalDataAdminMixin`` (put it first among an admin's bases):

- ``personal_data_fields``: the fields the change form shows in full (to edit them), or paths
  through a foreign key (``person__resident_id``: a ledger row shows its person's). Each time
  the form is shown (GET) ``audit_personal_data_view`` records who saw which fields of which row.
  Lists show masked values (``masked_*`` columns), never these fields.
- ``personal_search_fields``: fields staff may look a row up by (an exact resident ID, a mobile
  number). They are never in ``search_fields``: the admin's search box is a GET form, so its
  query would land in the address bar, the browser history and every access log. Instead a
  small POST form above the list takes the value; it is kept in the session under a random key
  and the list is shown at ``?pd=<key>``, so the address only holds the key.

``personal_field_names(model)`` names the personal fields of a model by the portal's naming rule
(``phone``, ``*_phone``, ``resident_id``, ``*_id_number``, ``account_number``); office phones
(a department's, a county's hotline) are listed in ``OFFICE_PHONES`` and are not personal.
"""

from __future__ import annotations

import re
import secrets

from django.contrib.admin.utils import unquote
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core.admin_mixins import ModelAdminBase
from xingtai_jobs.core.audit import audit_personal_data_view

PERSONAL_FIELD = re.compile(r"(^|_)(phone|resident_id|id_number|account_number)$")
OFFICE_PHONES = frozenset({"core.Department.phone", "core.Region.hotline", "wage_arrears.DepartmentContact.phone"})
SEARCH_PARAM = "pd"
POST_FIELD = "_personal_search"
SESSION_PREFIX = "personal_search:"


def personal_field_names(model) -> set[str]:
    return {
        f.name for f in model._meta.concrete_fields
        if PERSONAL_FIELD.search(f.name) and f"{model._meta.label}.{f.name}" not in OFFICE_PHONES
    }


def _value(obj, path: str):
    for name in path.split("__"):
        obj = getattr(obj, name, "") if obj is not None else ""
    return obj


def _normalise(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper()[:32]


class PersonalDataAdminMixin(ModelAdminBase):
    personal_data_fields: tuple[str, ...] = ()
    personal_search_fields: tuple[str, ...] = ()
    personal_search_label = _("Exact resident ID or mobile number")

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.personal_search_fields:
            cls.change_list_template = "admin/core/personal_search_change_list.html"

    # --- full views -------------------------------------------------------------------------
    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and self.personal_data_fields:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                shown = [f for f in self.personal_data_fields if _value(obj, f)]
                if shown:
                    audit_personal_data_view(request, obj, shown)
        return super().change_view(request, object_id, form_url, extra_context)

    # --- look-ups by POST ---------------------------------------------------------------------
    def changelist_view(self, request, extra_context=None):
        if self.personal_search_fields and request.method == "POST" and POST_FIELD in request.POST:
            value = _normalise(request.POST.get(POST_FIELD, ""))
            query = request.GET.copy()
            query.pop(SEARCH_PARAM, None)
            if value:
                key = secrets.token_urlsafe(9)
                request.session[SESSION_PREFIX + key] = value
                query[SEARCH_PARAM] = key
            return HttpResponseRedirect(request.path + (f"?{query.urlencode()}" if query else ""))
        request._personal_search = None
        if SEARCH_PARAM in request.GET:
            request.GET = request.GET.copy()
            key = request.GET.pop(SEARCH_PARAM)[-1]
            request._personal_search = request.session.get(SESSION_PREFIX + key)
            request._personal_search_key = key
        extra_context = {
            **(extra_context or {}),
            "personal_search_enabled": bool(self.personal_search_fields),
            "personal_search_label": self.personal_search_label,
            "personal_search_active": request._personal_search is not None,
        }
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        value = getattr(request, "_personal_search", None)
        if value is not None:
            match = Q()
            for name in self.personal_search_fields:
                match |= Q(**{name: value})
            queryset = queryset.filter(match)
        elif getattr(request, "_personal_search_key", None):  # a look-up of another (or an ended) session
            queryset = queryset.none()
        return queryset, may_have_duplicates
