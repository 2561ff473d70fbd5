"""Readable labels of the register's audit action codes (timelines show these, never the code)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "measures.report.submitted": _("submitted a reported figure"),
    "measures.report.approved": _("approved the reported figure"),
    "measures.report.returned": _("returned the reported figure"),
    "measures.report.superseded": _("superseded the approved figure by a correction"),
    "measures.snapshot.taken": _("took the weekly snapshot of the indicators"),
}
_VERBS = {
    "created": _("added a registry row"),
    "changed": _("changed a registry row"),
    "approved": _("approved a registry row"),
    "deleted": _("deleted a registry row"),
    "imported": _("imported registry rows"),
}
for _model in ("trainingclass", "evaluationbody", "competition", "craftsman", "volunteerquota", "labourbrand", "servicepoint",
               "zeroemploymentcount", "firstlesson", "harmoniousunit", "gigInsuranceperiod".lower()):
    for _verb, _label in _VERBS.items():
        LABELS[f"measures.{_model}.{_verb}"] = _label
