"""Demo data for the kernel: one staff member of each role (idempotent)."""

from __future__ import annotations

from xingtai_jobs.core.models import Department, Region, User

DEMO_PASSWORD = "xingtai-demo-2024"  # noqa: S105 - demo accounts only, printed by seed_demo


def seed(stdout) -> None:
    def staff(username, role, first_name, **extra):
        user, created = User.objects.get_or_create(username=username, defaults={"role": role, "first_name": first_name, **extra})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user

    admin, created = User.objects.get_or_create(username="admin", defaults={"role": User.Role.CITY_STAFF, "first_name": "系统管理员"})
    if created:
        admin.is_superuser = True
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    staff("city", User.Role.CITY_STAFF, "市局工作人员")
    for code, username in (("130502", "xiangdu"), ("130503", "xindu"), ("130528", "ningjin"), ("130582", "shahe")):
        staff(username, User.Role.COUNTY_STAFF, Region.objects.get(code=code).name + "工作人员", region=Region.objects.get(code=code))
    staff(
        "zhujian_xiangdu",
        User.Role.DEPARTMENT_LIAISON,
        "襄都区住建联络员",
        region=Region.objects.get(code="130502"),
        department=Department.objects.get(code="housing"),
    )
