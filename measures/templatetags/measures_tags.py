import json
from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def percent(share):
    """"0.749" → "74.9%" (None → "—")."""
    if share in (None, ""):
        return "—"
    try:
        return f"{Decimal(share) * 100:.1f}%"
    except (InvalidOperation, TypeError, ValueError):
        return "—"


@register.filter
def trend_json(points):
    """The monthly points as JSON for the chart script (the attribute is escaped by the template)."""
    return json.dumps([[p["date"], p["value"]] for p in points or []], ensure_ascii=False)
