"""Masks for personal data shown where the full value is not needed."""

from __future__ import annotations


def mask_resident_id(value: str | None) -> str:
    """1305**********123X: region prefix and last four kept."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str | None) -> str:
    """138****5678."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_bank_account(value: str | None) -> str:
    """Only the last four digits: **** **** 1234."""
    if not value:
        return ""
    digits = value.replace(" ", "")
    return "**** **** " + digits[-4:]


def mask_uscc(value: str | None) -> str:
    """First 8 and last 2 characters, as published in public notices."""
    if not value:
        return ""
    if len(value) <= 10:
        return value
    return value[:8] + "*" * (len(value) - 10) + value[-2:]


def mask_name(value: str | None) -> str:
    """张*, 欧阳** : the family name (first character) kept."""
    if not value:
        return ""
    return value[0] + "*" * max(1, len(value) - 1)
