"""Rules for managing users (pure functions): who may change whom, to which roles, and whose
password. The user admin and any staff page that manages users call these."""

from __future__ import annotations

ROLE_FIELDS = ("role", "region", "department", "enterprise")
RIGHTS_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


def manageable_roles(actor) -> set[str]:
    """The roles ``actor`` may give: superusers every role; city staff county staff, liaisons,
    enterprise users and citizens (never city staff); nobody else any."""
    from xingtai_jobs.core.models import User

    if actor is None or not actor.is_authenticated or not actor.is_active:
        return set()
    if actor.is_superuser:
        return {value for value, _label in User.Role.choices}
    if actor.role == User.Role.CITY_STAFF:
        return {User.Role.COUNTY_STAFF, User.Role.DEPARTMENT_LIAISON, User.Role.ENTERPRISE_USER, User.Role.CITIZEN}
    return set()


def may_manage_user(actor, target) -> bool:
    """Superusers manage everyone; city staff manage users of the roles they may give (never a
    superuser, never another city officer)."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    if target.is_superuser:
        return False
    return target.role in manageable_roles(actor)


def may_change_password(actor, target) -> bool:
    """Superusers set anyone's password; city staff only a non-staff user's (enterprise users,
    citizens) they manage; everyone their own (through the password change page)."""
    from xingtai_jobs.core.models import User

    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    if target.pk == actor.pk:
        return True
    if target.is_superuser or target.is_staff or target.role in User.STAFF_ROLES:
        return False
    return may_manage_user(actor, target)
