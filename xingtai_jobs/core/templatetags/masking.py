"""``{% load masking %}``: the kernel's masks as template filters (``{{ phone|mask_phone }}``)."""

from django import template

from xingtai_jobs.core import masking

register = template.Library()
register.filter("mask_phone", masking.mask_phone)
register.filter("mask_resident_id", masking.mask_resident_id)
register.filter("mask_bank_account", masking.mask_bank_account)
register.filter("mask_name", masking.mask_name)
register.filter("mask_uscc", masking.mask_uscc)
