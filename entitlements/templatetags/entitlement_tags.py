"""``{% load entitlement_tags %}{% enterprise_entitlements %}``: the signed-in enterprise's
entitlements with their schedules (used by /enterprise/subsidies/; two queries)."""

from django import template

register = template.Library()


@register.inclusion_tag("entitlements/_enterprise_section.html", takes_context=True)
def enterprise_entitlements(context):
    from entitlements.views import schedule_rows

    request = context.get("request")
    user = getattr(request, "user", None)
    return {"entitlements": schedule_rows(user) if user is not None and user.is_authenticated else []}
