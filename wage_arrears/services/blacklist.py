"""The blacklist of employers with substantiated arrears (listing, early removal on a pledge)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from xingtai_jobs.core.audit import audit
from xingtai_jobs.core.errors import DomainError

from .. import rules
from ..models import BlacklistEntry
from ..workflows import COMPLAINT
from . import common
from .common import locked_case, policy_on, required_text


@transaction.atomic
def blacklist_add(*, complaint_id: int, actor, reason: str, listed_on: dt.date | None = None,
                  request=None) -> BlacklistEntry:
    reason = required_text(reason, "reason", _("Give the grounds for listing (amount, incident, ignored order)."))
    complaint = locked_case(actor, complaint_id)
    COMPLAINT.check("blacklist", actor, complaint, label=complaint.tracking_code)
    assert complaint.enterprise_id is not None  # the step's condition: the employer is matched
    listed_on = listed_on or common.today()
    if BlacklistEntry.objects.filter(enterprise_id=complaint.enterprise_id, removed_on__isnull=True,
                                     listed_until__gte=listed_on).exists():
        raise DomainError(_("This employer is already on the blacklist."), code="conflict")
    policy = policy_on(listed_on)
    entry = BlacklistEntry.objects.create(
        enterprise_id=complaint.enterprise_id, complaint=complaint, reason=reason, listed_on=listed_on,
        listed_until=rules.listed_until(listed_on, policy.blacklist_years), created_by=actor,
    )
    audit("wage_arrears.blacklist.listed", entry, actor=actor, request=request,
          region=complaint.region_id if complaint.enterprise is None else complaint.enterprise.region_id,
          after={"enterprise": complaint.enterprise_id, "listed_until": entry.listed_until})
    return entry


@transaction.atomic
def blacklist_remove_early(*, entry_id: int, actor, paid_on: dt.date, requested_on: dt.date, reason: str,
                           request=None) -> BlacklistEntry:
    reason = required_text(reason, "reason", _("Record the employer's good-faith pledge and the request."))
    if actor is None or not actor.is_city_staff:
        raise DomainError(_("Only a city officer may remove an employer from the list."), code="forbidden")
    entry = BlacklistEntry.objects.select_for_update().filter(pk=entry_id).first()
    if entry is None:
        raise DomainError(_("Blacklist entry not found."), code="not_found")
    if entry.removed_on is not None:
        raise DomainError(_("This employer has already been removed from the list."), code="conflict")
    policy = policy_on(requested_on)
    earliest = rules.early_removal_from(paid_on, policy.early_removal_months)
    if requested_on < earliest:
        raise DomainError(
            _("Early removal can be requested from %(date)s (%(months)s months after paying).")
            % {"date": earliest, "months": policy.early_removal_months}, field="requested_on", code="conflict")
    if requested_on > common.today():
        raise DomainError(_("The request date cannot be in the future."), field="requested_on")
    changed = BlacklistEntry.objects.filter(pk=entry.pk, removed_on__isnull=True).update(
        paid_on=paid_on, removal_requested_on=requested_on, removed_on=common.today(), removal_reason=reason)
    if changed != 1:
        raise DomainError(_("This employer has already been removed from the list."), code="conflict")
    audit("wage_arrears.blacklist.removed", entry, actor=actor, request=request,
          region=entry.enterprise.region_id, after={"paid_on": paid_on, "requested_on": requested_on})
    entry.refresh_from_db()
    return entry


def active_blacklist_entry(enterprise_id: int | None, on: dt.date | None = None) -> BlacklistEntry | None:
    if enterprise_id is None:
        return None
    on = on or common.today()
    return BlacklistEntry.objects.filter(enterprise_id=enterprise_id, removed_on__isnull=True, listed_on__lte=on,
                                         listed_until__gte=on).first()


@transaction.atomic
def blacklist_remove_early_for_complaint(*, complaint_id: int, actor, paid_on: dt.date, requested_on: dt.date,
                                         reason: str, request=None) -> BlacklistEntry:
    """Early removal (from the case page) of the listing of this case's employer."""
    complaint = locked_case(actor, complaint_id)
    COMPLAINT.check("unlist", actor, complaint, label=complaint.tracking_code)
    entry = active_blacklist_entry(complaint.enterprise_id)
    if entry is None:
        raise DomainError(_("Blacklist entry not found."), code="not_found")
    return blacklist_remove_early(entry_id=entry.pk, actor=actor, paid_on=paid_on, requested_on=requested_on,
                                  reason=reason, request=request)
