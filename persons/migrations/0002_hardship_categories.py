"""The hardship categories of 就业困难人员认定 that the bureau certifies (staff add more in the admin).
Reversible: removing the data migration deletes only the rows it added that nothing refers to."""

from django.db import migrations

CATEGORIES = [
    ("age_4050", "“4050”人员（女40周岁、男50周岁以上）", 10),
    ("long_unemployed", "连续失业一年以上人员", 20),
    ("dibao", "城乡低保家庭人员", 30),
    ("landless", "失地农民", 40),
    ("disabled", "残疾人", 50),
    ("zero_employment_household", "零就业家庭成员", 60),
    ("veteran", "退役军人（符合认定条件的）", 70),
    ("overcapacity", "化解过剩产能分流职工", 80),
]


def forwards(apps, schema_editor):
    HardshipCategory = apps.get_model("persons", "HardshipCategory")
    for code, name, order in CATEGORIES:
        HardshipCategory.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


def backwards(apps, schema_editor):
    HardshipCategory = apps.get_model("persons", "HardshipCategory")
    HardshipCertification = apps.get_model("persons", "HardshipCertification")
    used = set(HardshipCertification.objects.values_list("category__code", flat=True))
    HardshipCategory.objects.filter(code__in=[c for c, _n, _o in CATEGORIES]).exclude(code__in=used).delete()


class Migration(migrations.Migration):
    dependencies = [("persons", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
