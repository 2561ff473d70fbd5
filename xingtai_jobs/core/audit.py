"""Writing to and reading from the audit log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from xingtai_jobs.core.models import AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


# A row without a region of its own is filed under its owner's: these relations are tried first.
REGION_OWNERS = ("enterprise", "person", "complaint", "application", "event", "entry", "ledger_entry", "notice",
                 "ranking", "host", "post", "placement", "registration", "session", "indicator", "batch")


def region_of(obj: models.Model, depth: int = 2) -> int | None:
    """The region an audit entry files ``obj`` under: its own ``region_id``, else that of the first
    owner (enterprise, person, complaint, …) with one, followed at most ``depth`` foreign keys. Users
    are never followed (an actor's region is not the row's)."""
    if hasattr(obj, "region_id"):
        return obj.region_id
    if depth <= 0:
        return None
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    links = {f.name: f for f in obj._meta.concrete_fields
             if f.many_to_one and f.related_model is not None and f.related_model is not user_model}
    order = [n for n in REGION_OWNERS if n in links] + sorted(set(links) - set(REGION_OWNERS))
    for name in order:
        if getattr(obj, links[name].attname, None) is None:
            continue
        try:
            owner = getattr(obj, name)
        except ObjectDoesNotExist:
            continue
        found = region_of(owner, depth - 1)
        if found is not None:
            return found
    return None


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit(
    action: str,
    obj: models.Model | None = None,
    *,
    actor=None,
    before: dict | None = None,
    after: dict | None = None,
    message: str = "",
    request=None,
    region=None,
) -> AuditEvent:
    """Record that ``actor`` did ``action`` (e.g. ``subsidies.application.approved``) to ``obj``."""
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    event = _event(Entry(action, obj, before=before, after=after, message=message, region=region), actor=actor, ip=client_ip(request))
    event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class Entry:
    """One entry of ``audit_many``: the arguments ``audit`` takes for one object."""

    action: str
    obj: models.Model | None = None
    before: dict | None = None
    after: dict | None = None
    message: str = ""
    region: Any = None


def _event(entry: Entry, *, actor, ip: str | None) -> AuditEvent:
    obj = entry.obj
    region_id = region_of(obj) if entry.region is None and obj is not None else getattr(entry.region, "pk", entry.region)
    return AuditEvent(
        actor=actor if (actor is not None and getattr(actor, "pk", None)) else None,
        actor_repr=(actor.get_username() if actor is not None and hasattr(actor, "get_username") else "system")[:150],
        action=entry.action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        region_id=region_id,
        before=_jsonable(entry.before) if entry.before is not None else None,
        after=_jsonable(entry.after) if entry.after is not None else None,
        message=entry.message, ip=ip,
    )


def audit_many(entries: Iterable[Entry], *, actor=None, request=None, batch_size: int = 1000) -> list[AuditEvent]:
    """``audit`` for many entries at once (a set-based step of a job: one entry per row it moved),
    by the same ``actor``: one INSERT per ``batch_size`` entries instead of one per entry. Each
    entry is what ``audit`` would have written (its region the object's own unless given: pass
    ``region`` for rows without a ``region_id``, or ``region_of`` follows foreign keys for each).
    Listeners of the audit trail (the page caches' ``bump_on_audit``) are told of each entry as
    for ``audit``."""
    from django.db import router
    from django.db.models.signals import post_save

    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    ip = client_ip(request)
    events = [_event(entry, actor=actor, ip=ip) for entry in entries]
    if not events:
        return []
    AuditEvent.objects.bulk_create(events, batch_size=batch_size)
    if post_save.has_listeners(AuditEvent):
        using = router.db_for_write(AuditEvent)
        for event in events:  # bulk_create sends no signals: tell the audit trail's listeners as a save would
            post_save.send(sender=AuditEvent, instance=event, created=True, raw=False, using=using, update_fields=None)
    return events


def audit_personal_data_view(request, obj: models.Model, fields: list[str] | tuple[str, ...]) -> AuditEvent:
    """Record that a staff member was shown the full value of personal data fields of ``obj``."""
    return audit("core.personal_data.viewed", obj, request=request, after={"fields": list(fields)})


def timeline_for(obj: models.Model, limit: int = 200):
    ct = ContentType.objects.get_for_model(obj)
    return (
        AuditEvent.objects.filter(content_type=ct, object_id=str(obj.pk))
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )


# --- personal data in audit records ---------------------------------------------------------------

def mask_for_audit(field_name: str, value: Any) -> Any:
    """A field's value as the audit log keeps it: resident IDs, phones, bank accounts and
    complainants' names masked, passwords never kept."""
    from xingtai_jobs.core import masking

    name = field_name.lower()
    if value in (None, ""):
        return value
    if "password" in name:
        return "******"
    if not isinstance(value, str):
        return value
    if "resident_id" in name or "id_number" in name:
        return masking.mask_resident_id(value)
    if "phone" in name or "mobile" in name:
        return masking.mask_phone(value)
    if "bank_account" in name or "account_number" in name:
        return masking.mask_bank_account(value)
    if name.startswith("complainant") or name in {"payee_name", "account_name"}:
        return masking.mask_name(value)
    return value


# --- readable labels of action codes --------------------------------------------------------------


_labels: dict[str, Any] | None = None


def action_labels() -> dict[str, Any]:
    """Every action code's label, from each app's ``<app>/audit_labels.py`` (the kernel's is
    ``xingtai_jobs/core/audit_labels.py``): ``LABELS = {"app.thing.done": pgettext_lazy("audit
    action", "…")}``."""
    global _labels
    if _labels is None:
        import importlib

        from django.apps import apps

        labels: dict[str, Any] = {}
        for config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{config.name}.audit_labels")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.audit_labels":
                    raise
                continue
            labels.update(module.LABELS)
        _labels = labels
    return _labels


def action_label(code: str) -> str:
    """The readable (translated) label of an action code; the code itself when none is declared."""
    label = action_labels().get(code)
    return str(label) if label is not None else code
