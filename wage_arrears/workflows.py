"""The complaint's state machine, declared once: the services guard with it and the case page shows
a step's button exactly when it allows the step (docs/workflows/wage_arrears.complaint.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core.workflow import Machine, Step, anyone, bureau_staff, city_staff, register

from .models import OPEN_STATUSES, Status

S = Status
# The resolution deadline runs (and can be extended, and the case put on a session's agenda) from
# acceptance until the payment is recorded.
RESOLUTION_STATES = (S.ACCEPTED, S.ASSIGNED, S.IN_CONTACT, S.VERIFIED, S.HANDLED)
# A newcomer may join an accepted group case until the group's verification.
GROUP_JOIN_STATES = (S.ACCEPTED, S.ASSIGNED, S.IN_CONTACT)
# An employer can be listed once the substantiated case has been handled (处理: order, penalty, case).
LISTABLE_STATES = (S.HANDLED, S.RESOLVED, S.INFORMED, S.CLOSED)
ALL_STATES = tuple(S.values)

BUREAU = _("Only bureau staff may do this.")


def _can_extend(user, complaint) -> bool:
    return not complaint.extended and complaint.resolve_due is not None


def _listed(complaint) -> bool:
    from .services import active_blacklist_entry

    return active_blacklist_entry(complaint.enterprise_id) is not None


def _can_list(user, complaint) -> bool:
    return bool(complaint.substantiated and complaint.enterprise_id is not None and not _listed(complaint))


def _can_unlist(user, complaint) -> bool:
    return _listed(complaint)


def _unmatched(user, complaint) -> bool:
    return complaint.enterprise_id is None


def _svc(module: str, name: str) -> str:
    return f"wage_arrears.services.{module}.{name}"


COMPLAINT = register(Machine(
    "wage_arrears.complaint", model="wage_arrears.Complaint", title=_("Wage-arrears complaint"), states=Status,
    initial=(S.SUBMITTED,),
    steps=[
        Step("accept", _("Accept (受理)"), [S.SUBMITTED], S.ACCEPTED, who=bureau_staff, who_label="bureau staff",
             who_message=BUREAU, service=_svc("handling", "complaint_accept"),
             audit_action="wage_arrears.complaint.accepted"),
        Step("not_accept", _("Do not accept / transfer"), [S.SUBMITTED], S.NOT_ACCEPTED, who=bureau_staff,
             who_label="bureau staff", who_message=BUREAU, service=_svc("handling", "complaint_not_accept"),
             audit_action="wage_arrears.complaint.not_accepted"),
        Step("assign", _("Assign (交办)"), [S.ACCEPTED], S.ASSIGNED, who=bureau_staff, who_label="bureau staff",
             who_message=BUREAU, service=_svc("handling", "complaint_assign"),
             audit_action="wage_arrears.complaint.assigned"),
        Step("contact", _("Record first contact"), [S.ASSIGNED], S.IN_CONTACT,
             service=_svc("handling", "complaint_record_contact"), audit_action="wage_arrears.complaint.contacted"),
        Step("verify", _("Record verification (核查)"), [S.IN_CONTACT], S.VERIFIED,
             service=_svc("handling", "complaint_verify"), audit_action="wage_arrears.complaint.verified"),
        Step("handle", _("Record handling"), [S.VERIFIED], S.HANDLED, service=_svc("handling", "complaint_handle"),
             audit_action="wage_arrears.complaint.handled"),
        Step("resolve", _("Record payment"), [S.VERIFIED, S.HANDLED], S.RESOLVED,
             service=_svc("handling", "complaint_resolve"), audit_action="wage_arrears.complaint.resolved"),
        Step("inform", _("Complainant informed"), [S.RESOLVED], S.INFORMED,
             service=_svc("handling", "complaint_inform"), audit_action="wage_arrears.complaint.informed"),
        Step("close", _("Close (结案)"), [S.INFORMED], S.CLOSED, who=bureau_staff, who_label="bureau staff",
             who_message=BUREAU, service=_svc("handling", "complaint_close"),
             audit_action="wage_arrears.complaint.closed"),
        Step("extend", _("Extend resolution deadline (city approval)"), RESOLUTION_STATES, None, who=city_staff,
             who_label="city staff", who_message=_("Only a city officer may approve an extension."),
             when=_can_extend, when_label="not extended yet",
             when_message=_("The resolution deadline has already been extended once."),
             service=_svc("deadlines", "complaint_extend"), audit_action="wage_arrears.complaint.extended"),
        Step("reroute", _("Change department"), OPEN_STATUSES, None, who=bureau_staff, who_label="bureau staff",
             who_message=BUREAU, service=_svc("routing", "complaint_reroute"),
             audit_action="wage_arrears.complaint.rerouted"),
        Step("schedule", _("Schedule for a reception session"), RESOLUTION_STATES, None,
             service=_svc("sessions", "complaint_schedule_session"), audit_action="wage_arrears.complaint.scheduled"),
        Step("blacklist", _("Put the employer on the blacklist"), LISTABLE_STATES, None, who=city_staff,
             who_label="city staff", who_message=_("Only a city officer may list an employer."), when=_can_list,
             when_label="substantiated, employer matched, not listed",
             when_message=_("Only a matched employer with substantiated arrears that is not listed yet can be "
                            "listed."),
             service=_svc("blacklist", "blacklist_add"), audit_action="wage_arrears.blacklist.listed"),
        Step("unlist", _("Remove the employer from the blacklist early (after paying, on request)"), ALL_STATES,
             None, who=city_staff, who_label="city staff",
             who_message=_("Only a city officer may remove an employer from the list."), when=_can_unlist,
             when_label="employer listed", when_message=_("This employer is not on the blacklist."),
             service=_svc("blacklist", "blacklist_remove_early_for_complaint"),
             audit_action="wage_arrears.blacklist.removed"),
        Step("match", _("Link the employer to the enterprise registry"),
             tuple(s for s in ALL_STATES if s != S.NOT_ACCEPTED), None, who=bureau_staff, who_label="bureau staff",
             who_message=BUREAU, when=_unmatched, when_label="employer not matched yet",
             when_message=_("The case is already linked to an enterprise."),
             service=_svc("handling", "complaint_match_employer"),
             audit_action="wage_arrears.complaint.employer_matched"),
        Step("join_group", _("Join a group case"), [S.SUBMITTED], GROUP_JOIN_STATES, who=bureau_staff,
             who_label="bureau staff", who_message=BUREAU, button=False, service=_svc("groups", "group_merge"),
             audit_action="wage_arrears.complaint.joined_group"),
    ],
))

__all__ = ["COMPLAINT", "GROUP_JOIN_STATES", "LISTABLE_STATES", "RESOLUTION_STATES", "anyone"]
