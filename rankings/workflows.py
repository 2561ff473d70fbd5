"""The ranking's state machine, declared once (docs/workflows/rankings.ranking.md): the services
guard with it and the staff ranking page shows a step's form exactly when it allows the step."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core.workflow import Machine, Step, register, system

from .models import Ranking

S = Ranking.Status
CITY_ONLY = _("Only city-level staff may compute, publish or withdraw a ranking.")


def _may(perm: str):
    def who(user, ranking) -> bool:
        """The system (actor None: the command, beat) or city staff holding ``perm``."""
        return user is None or bool(user.is_city_staff and user.has_perm(perm))

    return who


def _publishable(user, ranking) -> bool:
    return not ranking.needs_recompute and ranking.population_count > 0


def _why_not_publishable(ranking):
    if ranking.needs_recompute:
        return _("Figures or parameters changed since the last computation: recompute before publishing.")
    return _("The ranking has no ranked enterprises.")


def _already_published(ranking):
    return _("The %(year)s ranking has already been published.") % {"year": ranking.year}


def _published_no_recompute(ranking):
    return _("The %(year)s ranking has been published and cannot be recomputed.") % {"year": ranking.year}


def _withdrawn_reopen_first(ranking):
    return _("The %(year)s ranking was withdrawn: reopen it for recomputation first.") % {"year": ranking.year}


PARAMETERS_LOCKED = _("Parameters can only be changed before publication and while no computation runs.")


RANKING = register(Machine(
    "rankings.ranking", model="rankings.Ranking", title=_("Ranking"), states=S, initial=(S.DRAFT,),
    steps=[
        Step("parameters", _("Save parameters"), [S.DRAFT, S.PREVIEW], None, who=_may("rankings.compute_ranking"),
             who_label="city staff", who_message=CITY_ONLY, service="rankings.services.ranking_set_parameters",
             refusals={S.COMPUTING: PARAMETERS_LOCKED, S.PUBLISHED: PARAMETERS_LOCKED, S.WITHDRAWN: PARAMETERS_LOCKED},
             audit_action="rankings.ranking.parameters_changed"),
        Step("compute", _("Compute"), [S.DRAFT, S.PREVIEW], S.COMPUTING, who=_may("rankings.compute_ranking"),
             who_label="city staff", who_message=CITY_ONLY, service="rankings.services.ranking_compute_start",
             refusals={S.PUBLISHED: _published_no_recompute, S.WITHDRAWN: _withdrawn_reopen_first,
                       S.COMPUTING: _("The ranking is already being computed or has been published.")},
             audit_action="rankings.ranking.compute_started"),
        Step("computed", _("Computation finished"), [S.COMPUTING], S.PREVIEW, who=system, who_label="the task",
             button=False, service="rankings.services._finalise", audit_action="rankings.ranking.computed"),
        Step("publish", _("Publish"), [S.PREVIEW], S.PUBLISHED, who=_may("rankings.publish_ranking"),
             who_label="city staff", who_message=CITY_ONLY, when=_publishable,
             when_label="computed on current figures, someone ranked",
             when_message=_why_not_publishable,
             refusals={S.PUBLISHED: _already_published, S.WITHDRAWN: _withdrawn_reopen_first,
                       S.DRAFT: _("Compute the ranking before publishing it."),
                       S.COMPUTING: _("Compute the ranking before publishing it.")},
             service="rankings.services.ranking_publish", audit_action="rankings.ranking.published"),
        Step("withdraw", _("Withdraw"), [S.PUBLISHED], S.WITHDRAWN, who=_may("rankings.publish_ranking"),
             who_label="city staff", who_message=CITY_ONLY, service="rankings.services.ranking_withdraw",
             refusals={state: _("Only a published ranking can be withdrawn.") for state in (S.DRAFT, S.COMPUTING,
                                                                                          S.PREVIEW, S.WITHDRAWN)},
             audit_action="rankings.ranking.withdrawn"),
        # The way forward after a withdrawal (ADR 0021): the year's ranking goes back to a draft on
        # the current figures, to be recomputed, previewed (corrections open again) and published anew.
        Step("reopen", _("Reopen for recomputation"), [S.WITHDRAWN], S.DRAFT, who=_may("rankings.compute_ranking"),
             who_label="city staff", who_message=CITY_ONLY, service="rankings.services.ranking_reopen",
             refusals={state: _("Only a withdrawn ranking can be reopened.") for state in (S.DRAFT, S.COMPUTING,
                                                                                          S.PREVIEW, S.PUBLISHED)},
             audit_action="rankings.ranking.reopened"),
    ],
))
