"""Hardening mend 8 (issue 11, review): the measures report form and the registry forms are the
kernel's ScopedForm / ScopedModelForm, so their county choice comes from the Region selector: a county
officer is offered only their county and a forged other county is a field error (400), nothing
stored; city staff pick any county."""

from __future__ import annotations

import pytest
from django.urls import reverse

from measures import forms, selectors
from measures.models import Indicator, Report
from xingtai_jobs.core.forms import ScopedChoicesFormMixin

pytestmark = pytest.mark.django_db


def _report(indicator, region) -> dict:
    return {"indicator": indicator.pk, "region": region.pk, "period_start": "2024-01-01", "period_end": "2024-03-31",
            "value": "3", "evidence_link": "https://example.org/list.pdf"}


def test_report_form_is_scoped_and_offers_a_county_officer_only_their_county(login, county_officer, region_a, region_b):
    assert issubclass(forms.ReportForm, ScopedChoicesFormMixin)
    indicator = Indicator.objects.get(code="hr_agencies_engaged")
    client = login(county_officer)
    page = client.get(reverse("measures:staff-reports"))
    assert list(page.context["form"].fields["region"].queryset) == [region_a]
    response = client.post(reverse("measures:staff-reports"), _report(indicator, region_b))
    assert response.status_code == 400 and "region" in response.context["form"].errors
    assert not Report.objects.exists()
    assert client.post(reverse("measures:staff-reports"), _report(indicator, region_a)).status_code == 302
    assert Report.objects.get().region == region_a


def test_city_staff_pick_any_county(login, city_officer, region_b):
    indicator = Indicator.objects.get(code="hr_agencies_engaged")
    assert login(city_officer).post(reverse("measures:staff-reports"), _report(indicator, region_b)).status_code == 302
    assert Report.objects.get().region == region_b


def test_a_user_who_is_not_staff_is_offered_no_indicator_and_no_county(enterprise_user, region_a):
    form = forms.ReportForm(user=enterprise_user)
    assert not form.fields["indicator"].queryset.exists() and not form.fields["region"].queryset.exists()


@pytest.mark.parametrize("name", sorted(selectors.REGISTRIES))
def test_registry_forms_offer_a_county_officer_only_their_county(county_officer, city_officer, region_a, region_b, name):
    model = selectors.REGISTRIES[name]
    form = forms.registry_form(model, county_officer)
    assert isinstance(form, ScopedChoicesFormMixin)
    assert list(form.fields["region"].queryset) == [region_a]
    bound = forms.registry_form(model, county_officer, {"region": region_b.pk})
    assert "region" in bound.errors
    assert region_b in forms.registry_form(model, city_officer).fields["region"].queryset
