"""All-or-nothing imports of the registries (the kernel's ImportSpec): one spec per registry model,
its columns taken from the model (Chinese header = the field's label), plus ``region_code``.
County staff import only rows of their own county; imported rows wait for city approval
(re-importing a row updates it and, if it was approved, it must be approved again)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xingtai_jobs.core.audit import audit
from xingtai_jobs.core.imports import (
    CellError,
    Column,
    ImportSpec,
    money_parser,
    parse_date,
    parse_nonneg_int,
)
from xingtai_jobs.core.reference import regions_by_code

SKIP = {"id", "region", "approved", "approved_by", "approved_at", "created_by", "created_at"}
MAX_TEXT = 2000


def _choices_parser(field):
    import re

    from django.utils.translation import override

    choices = list(field.choices)

    def names(code, label) -> set[str]:
        with override("en"):
            english = str(label)
        found = {code, english.lower(), str(label).lower()}
        found.update(p.lower() for p in re.findall(r"\(([^)]+)\)", english))  # the Chinese term in "City class I (市级一类)"
        return found

    def parse(text: str) -> str:
        value = text.strip().lower()
        for code, label in choices:
            if value in names(code, label):
                return code
        raise CellError(_("Unknown value %(value)s; use one of: %(allowed)s.")
                        % {"value": value, "allowed": ", ".join(c for c, _l in choices)})

    return parse


def _text_parser(max_length: int):
    def parse(text: str) -> str:
        value = text.strip()
        if len(value) > max_length:
            raise CellError(_("At most %(n)s characters.") % {"n": max_length})
        return value

    return parse


def _bounded_int(text: str) -> int:
    value = parse_nonneg_int(text)
    if value > 10_000_000:
        raise CellError(_("The number is too large."))
    return value


def _example(field) -> str:
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.DateField):
        return "2024-05-20"
    if isinstance(field, models.IntegerField | models.DecimalField):
        return "10"
    return ""


def columns_for(model) -> list[Column]:
    cols = [Column("region_code", "县（市、区）代码", str, True, "130502")]
    for field in model._meta.concrete_fields:
        if field.name in SKIP:
            continue
        if field.choices:
            parser = _choices_parser(field)
        elif isinstance(field, models.DateField):
            parser = parse_date
        elif isinstance(field, models.DecimalField):
            parser = money_parser(max_digits=field.max_digits, decimal_places=field.decimal_places)  # the column's bound
        elif isinstance(field, models.IntegerField):
            parser = _bounded_int
        else:
            parser = _text_parser(getattr(field, "max_length", None) or MAX_TEXT)
        required = not (field.blank or field.has_default() or field.null)
        cols.append(Column(field.name, str(field.verbose_name), parser, required, _example(field)))
    return cols


def key_for(model) -> tuple[str, ...]:
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.condition is None:
            return tuple("region_code" if f == "region" else f for f in constraint.fields)
    unique = [f.name for f in model._meta.concrete_fields if f.unique and f.name != "id"]
    return tuple(unique)


class RegistrySpec(ImportSpec):
    def __init__(self, model, *, actor):
        self.model = model
        self.actor = actor
        self.columns = columns_for(model)
        self.key = key_for(model)
        self.title = model._meta.verbose_name_plural
        self.regions = {}

    def prepare(self) -> None:
        self.regions = regions_by_code()

    def check_row(self, row: dict, add_error) -> None:
        region = self.regions.get((row.get("region_code") or "").strip())
        if region is None:
            add_error("region_code", _("Unknown county code."))
            return
        if self.actor is not None and self.actor.is_county_staff and region.pk != self.actor.region_id:
            add_error("region_code", _("County staff import only rows of their own county."))
        row["region"] = region
        probe = self.model(**{k: v for k, v in row.items() if k not in ("_line", "region_code") and v not in (None, "")})
        try:
            probe.clean_fields(exclude=["approved_by", "created_by"])
            probe.clean()
        except Exception as exc:  # noqa: BLE001 - a model's validation errors become row errors
            for field, messages in getattr(exc, "message_dict", {"__all__": [str(exc)]}).items():
                add_error(field if field != "__all__" else "region_code", "; ".join(messages))
        for constraint in self.model._meta.constraints:
            if isinstance(constraint, models.CheckConstraint):
                try:
                    constraint.validate(self.model, probe)
                except Exception:  # noqa: BLE001
                    add_error(self.columns[1].name, _("The row breaks the rule “%(rule)s”.") % {"rule": constraint.name})

    def write_chunk(self, rows: list[dict]) -> tuple[int, int]:
        created = updated = 0
        for row in rows:
            values = {k: v for k, v in row.items() if k not in ("_line", "region_code") and v not in (None, "")}
            values["region"] = self.regions[row["region_code"].strip()]
            lookup = {k if k != "region_code" else "region": values[k if k != "region_code" else "region"] for k in self.key}
            defaults = {k: v for k, v in values.items() if k not in lookup}
            obj = self.model.objects.filter(**lookup).first()
            if obj is None:
                self.model.objects.create(**lookup, **defaults, created_by=self.actor)
                created += 1
            else:
                if self.actor.is_county_staff and obj.region_id != self.actor.region_id:
                    from xingtai_jobs.core.errors import DomainError

                    raise DomainError(_("County staff import only rows of their own county."))
                for k, v in defaults.items():
                    setattr(obj, k, v)
                obj.approved, obj.approved_by, obj.approved_at = False, None, None
                obj.save()
                updated += 1
        return created, updated

    def after_write(self, report, actor=None) -> None:
        audit(f"measures.{self.model._meta.model_name}.imported", None, actor=actor,
              after={"rows": report.rows, "created": report.created, "updated": report.updated})


__all__ = ["RegistrySpec", "gettext_lazy"]
