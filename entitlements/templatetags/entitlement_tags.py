"""``{% load entitlement_tags %}{% enterprise_entitlements %}``: the signed-in enterprise's
entitlements with their schedules (used by /enterprise/subsidies/; two queries);
``{% entitlement_letter app %}``: the per-person breakdown of a period item's decision letter (used
by subsidies/letter_pdf.html; one query)."""

from decimal import Decimal

from django import template

register = template.Library()


@register.inclusion_tag("entitlements/_enterprise_section.html", takes_context=True)
def enterprise_entitlements(context):
    from entitlements.views import schedule_rows

    request = context.get("request")
    user = getattr(request, "user", None)
    return {"entitlements": schedule_rows(user) if user is not None and user.is_authenticated else []}


@register.inclusion_tag("entitlements/_letter_breakdown.html", takes_context=True)
def entitlement_letter(context, app):
    """The decision letter of a period item (origin ``entitlement``): what it pays and, per person,
    the months and amounts (names and resident IDs masked); one query."""
    from entitlements.selectors import letter_breakdown

    persons = letter_breakdown(app)
    return {"app": app, "approved": context.get("approved", True), "uscc": context.get("uscc", ""), "persons": persons,
            "months": sum(p.months for p in persons), "total": sum((p.amount for p in persons), Decimal("0.00"))}
