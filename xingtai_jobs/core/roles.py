"""Role groups and their permissions.

Each app declares on its AppConfig ``role_permissions = {role: ["app_label.codename", ...]}``
(``"app_label.*"`` means every permission of that app). After each migrate the groups are rebuilt
from those declarations, and users are put in the group of their role when saved."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import Group, Permission

ROLE_GROUP_NAMES = {
    "city_staff": "City staff",
    "county_staff": "County staff",
    "dept_liaison": "Department liaison",
    "enterprise_user": "Enterprise user",
}

# Kernel defaults: staff roles may use the enterprise registry and see the audit log.
KERNEL_PERMISSIONS = {
    "city_staff": ["core.view_region", "core.change_region", "core.view_department", "core.change_department",
                   "core.add_department", "core.view_auditevent", "core.view_taskrun", "core.view_calendaroverride",
                   "core.add_calendaroverride", "core.change_calendaroverride", "core.view_user", "core.add_user",
                   "core.change_user", "core.view_policyfigure"],
    "county_staff": ["core.view_region", "core.view_department", "core.view_auditevent", "core.view_taskrun",
                     "core.view_policyfigure"],
    "dept_liaison": ["core.view_region", "core.view_department"],
}


def _resolve(spec: str):
    app_label, _, codename = spec.partition(".")
    qs = Permission.objects.filter(content_type__app_label=app_label)
    if codename != "*":
        qs = qs.filter(codename=codename)
    return list(qs)


def sync_role_groups(sender=None, using="default", **kwargs) -> None:
    """post_migrate receiver: rebuild the groups once, after the last app has migrated."""
    configs = list(apps.get_app_configs())
    if sender is not None and sender is not configs[-1]:
        return
    # This receiver may run before auth's for the same sender: make sure that app's permissions exist.
    from django.contrib.auth.management import create_permissions

    create_permissions(configs[-1], verbosity=0, using=using)
    wanted: dict[str, set[str]] = {role: set(specs) for role, specs in KERNEL_PERMISSIONS.items()}
    for config in apps.get_app_configs():
        for role, specs in getattr(config, "role_permissions", {}).items():
            wanted.setdefault(role, set()).update(specs)
    for role, name in ROLE_GROUP_NAMES.items():
        group, _ = Group.objects.get_or_create(name=name)
        perms = []
        for spec in sorted(wanted.get(role, ())):
            perms.extend(_resolve(spec))
        group.permissions.set(perms)


def sync_user_group(user) -> None:
    names = set(ROLE_GROUP_NAMES.values())
    current = {g.name for g in user.groups.all()}
    target = ROLE_GROUP_NAMES.get(user.role)
    to_remove = [g for g in user.groups.all() if g.name in names and g.name != target]
    if to_remove:
        user.groups.remove(*to_remove)
    if target and target not in current:
        group, _ = Group.objects.get_or_create(name=target)
        user.groups.add(group)
