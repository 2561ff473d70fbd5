"""``{% load industries %}`` then ``{{ enterprise.industry_code|industry }}`` → "C30 非金属矿物制品业"."""

from django import template

from enterprises.industries import industry_label

register = template.Library()


@register.filter
def industry(code):
    return industry_label(code) or "—"
