import io

import pytest

from enterprises import demo, rules
from enterprises.models import EmploymentReport, Enterprise, InsuranceMonth, LabourDispute
from xingtai_jobs.core.models import Region, User

pytestmark = pytest.mark.django_db


def test_demo_seed_covers_every_region_and_type_and_is_idempotent():
    demo.seed(io.StringIO())
    counts = (Enterprise.objects.count(), InsuranceMonth.objects.count(), EmploymentReport.objects.count(),
              LabourDispute.objects.count(), User.objects.filter(role=User.Role.ENTERPRISE_USER).count())
    out = io.StringIO()
    demo.seed(out)
    assert (Enterprise.objects.count(), InsuranceMonth.objects.count(), EmploymentReport.objects.count(),
            LabourDispute.objects.count(), User.objects.filter(role=User.Role.ENTERPRISE_USER).count()) == counts
    assert counts[0] == 200 and counts[1] == 200 * 24 and counts[4] == 6
    assert Enterprise.objects.values("region").distinct().count() == Region.objects.count() == 20
    assert set(Enterprise.objects.values_list("unit_type", flat=True)) == {c for c, _ in Enterprise._meta.get_field("unit_type").choices}
    assert set(Enterprise.objects.values_list("size_class", flat=True)) == {"large", "medium", "small", "micro"}
    assert Enterprise.objects.filter(dishonest=True).exists() and Enterprise.objects.filter(deregistering=True).exists()
    assert EmploymentReport.objects.filter(consistency="inconsistent").exists()
    late = [r for r in EmploymentReport.objects.all() if rules.is_report_late(r.month, r.submitted_at.date())]
    assert 0 < len(late) < EmploymentReport.objects.count() // 5
    assert "ent_1" in out.getvalue()
