"""Rate limits are declared once (``xingtai_jobs/core/ratelimits.py``): README lists every one with
its default, no app configures a limit of its own, a malformed rate stops start-up, and
``XT_RATELIMIT_ENABLE=false`` switches every declared limit off."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from recruitment.models import Registration
from tests.recruitment.factories import EventFactory
from xingtai_jobs.core import ratelimits

ROOT = Path(__file__).resolve().parents[2]
APPS = ["enterprises", "persons", "subsidies", "recruitment", "wage_arrears", "rankings", "measures", "xingtai_jobs"]


def test_readme_lists_every_declared_limit_with_its_default_and_nothing_else():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Rate limits on public forms"):]
    section = section[:section.index("\n### ", 5)]
    rows = dict(re.findall(r"^\| `(XT_RATELIMIT_[A-Z_]+)` \| `([^`]+)` \|", section, flags=re.M))
    rows.pop("XT_RATELIMIT_ENABLE")
    assert rows == {limit.setting: limit.default for limit in ratelimits.LIMITS}


def test_no_app_configures_a_rate_limit_outside_the_kernel_declaration():
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or path.name == "ratelimits.py":
                continue
            source = path.read_text(encoding="utf-8")
            if "django_ratelimit.decorators" in source or "django_ratelimit.core" in source:
                offenders.append(f"{path.relative_to(ROOT)}: uses django-ratelimit directly")
            for name in re.findall(r"XT_RATELIMIT_[A-Z_]+", source):
                if name != "XT_RATELIMIT_ENABLE" and path.name != "settings.py":
                    offenders.append(f"{path.relative_to(ROOT)}: reads {name}")
    assert offenders == []


def test_every_declared_default_is_a_valid_rate_and_groups_and_settings_are_unique():
    assert len({limit.group for limit in ratelimits.LIMITS}) == len(ratelimits.LIMITS)
    assert len({limit.setting for limit in ratelimits.LIMITS}) == len(ratelimits.LIMITS)
    assert ratelimits.from_env({}) == {limit.setting: limit.default for limit in ratelimits.LIMITS}


@pytest.mark.parametrize("bad", ["20", "20/x", "abc", "-1/h", "0/h", "20/h;drop"])
def test_a_malformed_rate_in_the_environment_stops_start_up(bad):
    with pytest.raises(ImproperlyConfigured, match="XT_RATELIMIT_TRACK_IP"):
        ratelimits.from_env({"XT_RATELIMIT_TRACK_IP": bad})
    assert ratelimits.from_env({"XT_RATELIMIT_TRACK_IP": " 5/10m "})["XT_RATELIMIT_TRACK_IP"] == "5/10m"


def test_the_settings_carry_every_declared_limit(settings):
    for limit in ratelimits.LIMITS:
        assert ratelimits.RATE_SHAPE.match(getattr(settings, limit.setting))


@pytest.mark.parametrize("limit", ratelimits.LIMITS, ids=lambda limit: limit.group)
def test_each_limit_counts_and_the_switch_turns_it_off(limit, settings):
    settings.RATELIMIT_ENABLE = True
    setattr(settings, limit.setting, "2/h")
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    assert ratelimits.hit(request, limit.group) is None
    assert ratelimits.hit(request, limit.group) is None
    assert ratelimits.hit(request, limit.group) > 0  # the third in the hour is refused
    settings.RATELIMIT_ENABLE = False
    assert all(ratelimits.hit(request, limit.group) is None for _ in range(5))


@pytest.mark.django_db
def test_event_registrations_are_limited_per_address_before_the_input_is_read(client, settings):
    settings.RATELIMIT_ENABLE = True
    settings.XT_RATELIMIT_REGISTRATION_IP = "2/m"
    event = EventFactory(capacity=50)
    data = {"name": "李四", "phone": "13911112222", "education": "bachelor", "wanted_occupation": "电工"}
    for n in range(2):
        client.post(f"/events/{event.pk}/", {**data, "phone": f"1391111222{n}"})
    before = Registration.objects.count()
    assert client.post(f"/events/{event.pk}/", {**data, "phone": "13911112229"}).status_code == 429
    assert client.post(f"/events/{event.pk}/", {"name": ["x", "y"], "phone": "NaN"}).status_code == 429
    assert Registration.objects.count() == before
    settings.RATELIMIT_ENABLE = False
    assert client.post(f"/events/{event.pk}/", {**data, "phone": "13911112228"}).status_code == 302
