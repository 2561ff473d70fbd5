"""The enterprise registry's figures, declared for the kernel's policy register: the monthly
report's due day and the size-class lower bounds of 统计上大中小微型企业划分办法(2017)
(国统字〔2017〕213号). Values are default data in ``policy_defaults.toml``; city staff edit them on
/staff/policy/.

The standard's structure (which GB/T 4754 codes form an industry group, which indicators the group
uses) is the classification itself and stays here; every bound is a figure
``enterprises.size.<group>_<indicator>_<large|medium|small>``."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xingtai_jobs.core import policy
from xingtai_jobs.core.policy import INT, Figure, Unit

REPORT = policy.declare("enterprises", _("Enterprise registry"), [
    Figure("report_due_day", _("Monthly employment report due by this day of the following month"), INT,
           Unit.DAY_OF_MONTH, min=1, max=28),
], order=10)

INDICATORS = {
    "employees": (_("employees (X)"), Unit.PEOPLE),
    "revenue": (_("operating revenue (Y)"), Unit.WAN_YUAN),
    "assets": (_("total assets (Z)"), Unit.WAN_YUAN),
}
SIZES = (("large", pgettext_lazy("enterprise size", "large")), ("medium", pgettext_lazy("enterprise size", "medium")),
         ("small", pgettext_lazy("enterprise size", "small")))

# (group, label, GB/T 4754 section letters or division/group digits, indicators); "other" matches
# whatever no group names.
SIZE_GROUPS: tuple[tuple[str, object, tuple[str, ...], tuple[str, ...]], ...] = (
    ("agriculture", _("Agriculture, forestry, animal husbandry and fishery"), ("A",), ("revenue",)),
    ("industry", _("Industry"), ("B", "C", "D"), ("employees", "revenue")),
    ("construction", _("Construction"), ("E",), ("revenue", "assets")),
    ("wholesale", _("Wholesale"), ("51",), ("employees", "revenue")),
    ("retail", _("Retail"), ("52",), ("employees", "revenue")),
    ("transport", _("Transport"), ("54", "55", "56", "57", "58"), ("employees", "revenue")),
    ("warehousing", _("Warehousing"), ("59",), ("employees", "revenue")),
    ("postal", _("Postal services"), ("60",), ("employees", "revenue")),
    ("accommodation_catering", _("Accommodation and catering"), ("61", "62"), ("employees", "revenue")),
    ("telecom", _("Information transmission"), ("63", "64"), ("employees", "revenue")),
    ("software", _("Software and information technology services"), ("65",), ("employees", "revenue")),
    ("real_estate_development", _("Real estate development"), ("7010",), ("revenue", "assets")),
    ("property_management", _("Property management"), ("702",), ("employees", "revenue")),
    ("leasing_business_services", _("Leasing and business services"), ("L",), ("employees", "assets")),
    ("other", _("Other industries"), (), ("employees",)),
)


def size_key(group: str, indicator: str, size: str) -> str:
    return f"enterprises.size.{group}_{indicator}_{size}"


SIZE = policy.declare("enterprises.size", _("Enterprise size classes (国统字〔2017〕213号)"), [
    Figure(f"{group}_{indicator}_{size}",
           format_lazy(_("{group}: {indicator}, lower bound of {size}"), group=label, indicator=INDICATORS[indicator][0],
                       size=size_label),
           INT, INDICATORS[indicator][1], min=0)
    for group, label, _codes, indicators in SIZE_GROUPS for indicator in indicators for size, size_label in SIZES
], order=11)
