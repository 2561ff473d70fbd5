"""The entitlement's state machine (docs/workflows/entitlements.entitlement.md): screened
candidate → under review ⇄ returned → approved (the only human decision) → running (the monthly
task has computed a line) → ended (contract end, maximum months, retirement, …), or rejected.

The adjustment's (docs/workflows/entitlements.adjustment.md): a committed month whose facts changed
is flagged open; staff of its region resolve it once, with one of three decisions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core.workflow import Machine, Step, register, system

from .models import Entitlement, EntitlementLine, LineAdjustment

S = Entitlement.State
STAFF_ONLY = _("Only bureau staff of the enterprise's region may do this.")


def staff_in_scope(user, ent) -> bool:
    return bool(user is not None and getattr(user, "is_bureau_staff", False)
                and (user.is_city_staff or user.region_id == ent.region_id))


def the_enterprise(user, ent) -> bool:
    return bool(user is not None and getattr(user, "enterprise_id", None) == ent.enterprise_id)


def eligible(user, ent) -> bool:
    return bool(ent.eligible)


def _svc(name: str) -> str:
    return f"entitlements.services.{name}"


ENTITLEMENT = register(Machine(
    "entitlements.entitlement", model="entitlements.Entitlement", title=_("Entitlement"), states=S, field="state",
    initial=(S.CANDIDATE,),
    wrong_state_message=_("This entitlement was changed by someone else or is not in a state that allows this. Reload the page."),
    steps=[
        Step("review", _("Start review"), [S.CANDIDATE], S.UNDER_REVIEW, who=staff_in_scope, who_label="staff of the region",
             who_message=STAFF_ONLY, service=_svc("entitlement_review_start"), audit_action="entitlements.entitlement.review_started"),
        Step("return", _("Return for more information"), [S.UNDER_REVIEW], S.RETURNED, who=staff_in_scope,
             who_label="staff of the region", who_message=STAFF_ONLY, service=_svc("entitlement_return"),
             audit_action="entitlements.entitlement.returned", button=False),
        Step("resubmit", _("Resubmit"), [S.RETURNED], S.UNDER_REVIEW, who=the_enterprise, who_label="the enterprise",
             who_message=_("Only the enterprise itself may resubmit."), service=_svc("entitlement_resubmit"),
             audit_action="entitlements.entitlement.resubmitted", button=False),
        Step("approve", _("Approve"), [S.UNDER_REVIEW], S.APPROVED, who=staff_in_scope, who_label="staff of the region",
             who_message=STAFF_ONLY, when=eligible, when_label="the rule finds it eligible",
             when_message=_("The rule finds this entitlement not eligible: reject it with a reason instead."),
             service=_svc("entitlement_approve"), audit_action="entitlements.entitlement.approved"),
        Step("reject", _("Reject"), [S.UNDER_REVIEW], S.REJECTED, who=staff_in_scope, who_label="staff of the region",
             who_message=STAFF_ONLY, service=_svc("entitlement_reject"), audit_action="entitlements.entitlement.rejected", button=False),
        Step("start", _("Start paying"), [S.APPROVED], S.RUNNING, who=system, who_label="the monthly task",
             service=_svc("record_plan"), audit_action="entitlements.entitlement.started", button=False),
        Step("end", _("End"), [S.APPROVED, S.RUNNING], S.ENDED, who=system, who_label="the monthly task",
             service=_svc("record_plan"), audit_action="entitlements.entitlement.ended", button=False),
        Step("revoke", _("Revoke"), [S.APPROVED, S.RUNNING], S.ENDED, who=staff_in_scope, who_label="staff of the region",
             who_message=STAFF_ONLY, service=_svc("entitlement_revoke"), audit_action="entitlements.entitlement.revoked", button=False),
    ],
))


# --- the adjustment of a committed month ------------------------------------------------------------

A = LineAdjustment.State
D = LineAdjustment.Decision
NOT_PAID_YET = _("The month is not paid yet: decide once its payment is through (or decide that no adjustment is needed).")


def _paid(adj) -> bool:
    return adj.line.state == EntitlementLine.State.PAID


def overpaid(user, adj) -> bool:
    return _paid(adj) and adj.amount_after < adj.amount_before


def underpaid(user, adj) -> bool:
    return _paid(adj) and adj.amount_after > adj.amount_before


def _refusal(wrong_way):
    def message(adj):
        return str(NOT_PAID_YET) if not _paid(adj) else str(wrong_way)
    return message


ADJUSTMENT = register(Machine(
    "entitlements.adjustment", model="entitlements.LineAdjustment", title=_("Adjustment of a paid month"), states=A, field="state",
    initial=(A.OPEN,),
    wrong_state_message=_("This adjustment has already been resolved (or someone else just resolved it). Reload the page."),
    steps=[
        Step(D.RECOVER.value, D.RECOVER.label, [A.OPEN], A.RESOLVED, who=staff_in_scope, who_label="staff of the region",
             who_message=STAFF_ONLY, when=overpaid, when_label="paid, and the corrected amount is lower",
             when_message=_refusal(_("The corrected amount is not lower than the amount paid: there is nothing to recover.")),
             service=_svc("adjustment_resolve"), audit_action="entitlements.line.adjustment_resolved"),
        Step(D.PAY_SHORTFALL.value, D.PAY_SHORTFALL.label, [A.OPEN], A.RESOLVED, who=staff_in_scope, who_label="staff of the region",
             who_message=STAFF_ONLY, when=underpaid, when_label="paid, and the corrected amount is higher",
             when_message=_refusal(_("The corrected amount is not higher than the amount paid: there is no shortfall to pay.")),
             service=_svc("adjustment_resolve"), audit_action="entitlements.line.adjustment_resolved"),
        Step(D.NO_CHANGE.value, D.NO_CHANGE.label, [A.OPEN], A.RESOLVED, who=staff_in_scope, who_label="staff of the region",
             who_message=STAFF_ONLY, service=_svc("adjustment_resolve"), audit_action="entitlements.line.adjustment_resolved"),
    ],
))
