"""Applications for the person schemes a screening missed: an enterprise applies in
/enterprise/subsidies/ for one of its job-expansion hires, a citizen in /me/ for a certificate. The
same rule runs at submission and again at review (the skills-upgrade claim date being the
submission date); refusals are explained check by check citing the clause; the unique keys make a
second item for the same hire or certificate impossible."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from persons.models import Certificate, CitizenAccount, LabourContract
from subsidies import services
from subsidies.models import Application
from tests.factories import UserFactory
from tests.subsidies.test_person_screening import month, pay, world  # noqa: F401 - the fixture
from xingtai_jobs.core import clock
from xingtai_jobs.core.errors import DomainError

pytestmark = pytest.mark.django_db
S = Application.State
DAY = dt.date(2025, 1, 15)  # the 2024 job-expansion round is open until 2025-06-30; contributions up to 2024-10


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: DAY)


@pytest.fixture
def ent_user(world):  # noqa: F811
    return UserFactory(username="ent-je", role="enterprise_user", enterprise=world["ent"])


def je_round():
    return services.round_for_year("job_expansion", 2024)


def su_round():
    return services.round_for_year("skill_upgrade", 2024)


def contract(person, ent, starts_on=None):
    qs = LabourContract.objects.filter(person=person, enterprise=ent)
    return qs.get(starts_on=starts_on) if starts_on else qs.get()


def test_enterprise_applies_for_an_eligible_hire_screening_has_not_reached(world, ent_user):  # noqa: F811
    hire = contract(world["youth"], world["ent"], dt.date(2024, 7, 1))
    app = services.application_submit(round_=je_round(), actor=ent_user, basis=hire, note="新招用青年")
    assert (app.state, app.origin, app.eligible, str(app.amount)) == (S.APPLIED, "application", True, "1500.00")
    assert (app.enterprise_id, app.person_id, app.subject_id, app.basis_key, app.region_id) == (
        world["ent"].pk, None, world["youth"].pk, f"contract:{hire.pk}", world["ent"].region_id)
    assert app.beneficiary_key == f"E{world['ent'].pk}" and app.facts["as_of_month"] == "2024-10-01"
    with pytest.raises(DomainError, match="already an item") as exc:
        services.application_submit(round_=je_round(), actor=ent_user, basis=hire)
    assert exc.value.code == "conflict" and Application.objects.count() == 1
    # a screening afterwards keeps the application and adds no second item for the hire
    call_command("screen_subsidy", "job_expansion", "--year", "2024", "--as-of", "2024-10", stdout=io.StringIO())
    rows = list(Application.objects.filter(subject=world["youth"]).values_list("origin", "state"))
    assert rows == [("application", S.APPLIED)]


def test_a_refused_hire_is_stored_with_the_failed_checks_and_cannot_be_approved(world, ent_user, county_officer, login):  # noqa: F811
    hire = contract(world["old_grad"], world["ent"])  # graduated 2023, employed by ent2 since: no basis
    app = services.application_submit(round_=je_round(), actor=ent_user, basis=hire)
    assert not app.eligible and str(app.amount) == "0.00"
    failed = [c for c in app.checks if not c["passed"]]
    assert [c["code"] for c in failed] == ["basis"] and "第二条（四）" in failed[0]["clause"]
    page = login(ent_user).get(reverse("subsidies:portal_item", args=[app.pk])).content.decode()
    assert failed[0]["explanation"] in page and "邢人社办〔2024〕84号 第二条（四）" in page
    assert world["old_grad"].name not in page and world["old_grad"].resident_id not in page
    services.bank_account_confirm(enterprise=world["ent"], actor=ent_user, account_name=world["ent"].name, bank_name="工行",
                                  account_number="6222020400001111")
    app = services.application_review_start(app=app, actor=county_officer)
    with pytest.raises(DomainError, match="basis") as exc:  # the rule runs again at review
        services.application_approve(app=app, actor=county_officer)
    assert exc.value.code == "conflict"
    app = services.application_reject(app=app, actor=county_officer, reason="不符合扩岗补助对象条件")
    assert app.state == S.REJECTED


def test_the_rule_runs_again_at_review_on_the_figures_then(world, ent_user, county_officer):  # noqa: F811
    hire = contract(world["grad"], world["ent"])  # July contract: ent paid Jul–Sep, nothing in October
    app = services.application_submit(round_=je_round(), actor=ent_user, basis=hire)
    assert not app.eligible and [c["code"] for c in app.checks if not c["passed"]] == ["still_insured"]
    pay(world["grad"], world["ent"], month(2024, 10), month(2024, 11))  # the figures come in before review
    services.bank_account_confirm(enterprise=world["ent"], actor=ent_user, account_name=world["ent"].name, bank_name="工行",
                                  account_number="6222020400001111")
    app = services.application_approve(app=services.application_review_start(app=app, actor=county_officer), actor=county_officer)
    assert app.state == S.APPROVED and app.eligible and app.facts["as_of_month"] == "2024-11-01"


def test_only_the_employer_may_apply_and_only_for_a_hire_in_the_window(world, ent_user, enterprise_user, county_officer):  # noqa: F811
    other = contract(world["grad"], world["ent2"])
    for actor in (ent_user, enterprise_user, county_officer, None):  # not ent2's user
        with pytest.raises(DomainError) as exc:
            services.application_submit(round_=je_round(), actor=actor, basis=other)
        assert exc.value.code == "forbidden"
    old = contract(world["youth"], world["ent"], dt.date(2023, 7, 1))
    with pytest.raises(DomainError, match="hire window") as exc:
        services.application_submit(round_=je_round(), actor=ent_user, basis=old)
    assert exc.value.code == "invalid"
    with pytest.raises(DomainError, match="hire"):  # a job-expansion round needs a contract
        services.application_submit(round_=je_round(), actor=ent_user, enterprise=world["ent"])
    cert = Certificate.objects.create(certificate_no="C-E", person=world["youth"], kind="skill_level", occupation_code="Y",
                                      occupation_name="电工", level=5, issued_on=dt.date(2024, 9, 1))
    with pytest.raises(DomainError) as exc:  # an enterprise never applies for a person-paid certificate
        services.application_submit(round_=su_round(), actor=ent_user, basis=cert)
    assert exc.value.code == "forbidden"
    assert not Application.objects.exists()


def test_a_closed_round_takes_no_application(world, ent_user, monkeypatch):  # noqa: F811
    monkeypatch.setattr(clock, "today", lambda: dt.date(2025, 7, 1))
    with pytest.raises(DomainError, match="closed") as exc:
        services.application_submit(round_=je_round(), actor=ent_user, basis=contract(world["youth"], world["ent"], dt.date(2024, 7, 1)))
    assert exc.value.code == "conflict" and not Application.objects.exists()


def test_a_screened_candidate_applied_for_moves_to_applied(world, ent_user):  # noqa: F811
    call_command("screen_subsidy", "job_expansion", "--year", "2024", "--as-of", "2024-10", stdout=io.StringIO())
    hire = contract(world["youth"], world["ent"], dt.date(2024, 7, 1))
    candidate = Application.objects.get(basis_key=f"contract:{hire.pk}")
    assert candidate.state == S.CANDIDATE
    app = services.application_submit(round_=je_round(), actor=ent_user, basis=hire)
    assert app.pk == candidate.pk and Application.objects.get(pk=app.pk).state == S.APPLIED


def test_portal_lists_the_hires_without_an_item_masked_and_applies_for_one(world, ent_user, login):  # noqa: F811
    call_command("screen_subsidy", "job_expansion", "--year", "2024", "--as-of", "2024-10", stdout=io.StringIO())
    client = login(ent_user)
    page = client.get(reverse("subsidies:portal")).content.decode()
    screened = contract(world["youth"], world["ent"], dt.date(2024, 7, 1))
    missed = contract(world["old_grad"], world["ent"])
    assert f'value="{missed.pk}"' in page and f'value="{screened.pk}"' not in page  # the youth's hire has an item already
    assert f'value="{contract(world["grad"], world["ent2"]).pk}"' not in page  # another employer's hire
    assert f'value="{contract(world["youth"], world["ent"], dt.date(2023, 7, 1)).pk}"' not in page  # outside the window
    for p in ("grad", "old_grad", "youth"):
        assert world[p].resident_id not in page and world[p].name not in page
    assert world["old_grad"].name[0] + "*" in page  # masked
    su = su_round()
    assert reverse("subsidies:portal_apply", args=[su.pk]) not in page  # a person-paid scheme is not offered to enterprises
    url = reverse("subsidies:portal_apply", args=[je_round().pk])
    for bad in ({}, {"contract": "x"}, {"contract": str(contract(world["grad"], world["ent2"]).pk)}, {"contract": "9" * 30}):
        response = client.post(url, bad)
        assert response.status_code == 302 and Application.objects.filter(origin="application").count() == 0
    response = client.post(url, {"contract": str(missed.pk), "note": "补充申请"})
    app = Application.objects.get(origin="application")
    assert response["Location"] == reverse("subsidies:portal_item", args=[app.pk])
    assert (app.basis_key, app.note, app.state) == (f"contract:{missed.pk}", "补充申请", S.APPLIED)
    assert f'value="{missed.pk}"' not in client.get(reverse("subsidies:portal")).content.decode()
    assert client.post(reverse("subsidies:portal_apply", args=[su.pk]), {"contract": str(missed.pk)}).status_code == 302
    assert Application.objects.filter(round=su).count() == 0


# --- citizens apply for a certificate (技能提升补贴) -------------------------------------------


@pytest.fixture
def holder(world):  # noqa: F811
    worker = world["old_grad"]
    pay(worker, world["ent2"], *[month(2023, m) for m in range(1, 11)])  # 15 UI months with Nov 2023, Jul–Oct 2024
    user = UserFactory(username="citizen-holder", role="citizen")
    CitizenAccount.objects.create(user=user, resident_id=worker.resident_id, name=worker.name, phone="13900003333", person=worker)
    return user


def cert(person, number="C-A", issued_on=dt.date(2024, 9, 20), level=4, **over):
    return Certificate.objects.create(certificate_no=number, person=person, kind="skill_level", occupation_code=over.pop("code", "X"),
                                      occupation_name="焊工", level=level, issued_on=issued_on, **over)


def test_citizen_applies_for_a_certificate_and_the_submission_date_is_the_claim_date(world, holder, county_officer, monkeypatch):  # noqa: F811
    c = cert(world["old_grad"], issued_on=dt.date(2024, 3, 31))
    pay(world["old_grad"], world["ent2"], month(2024, 1), month(2024, 2), month(2024, 3))  # 14 UI months, one in March
    monkeypatch.setattr(clock, "today", lambda: dt.date(2025, 3, 31))  # the last day of the 12-month window
    app = services.application_submit(round_=su_round(), actor=holder, basis=c)
    assert (app.state, app.eligible, str(app.amount), app.person_id, app.enterprise_id) == (S.APPLIED, True, "1500.00", c.person_id, None)
    assert app.basis_key == "certificate:C-A" and app.facts["claimed_on"] == "2025-03-31"
    assert app.region_id == world["old_grad"].region_id
    # reviewed later, the claim still counts from the submission date
    monkeypatch.setattr(clock, "today", lambda: dt.date(2025, 5, 1))
    services.card_account_confirm(person=world["old_grad"], actor=holder, bank_name="建行", account_number="6217000012345678901")
    app = services.application_approve(app=services.application_review_start(app=app, actor=county_officer), actor=county_officer)
    assert app.state == S.APPROVED and app.facts["claimed_on"] == "2025-03-31"
    with pytest.raises(DomainError, match="already an item"):
        services.application_submit(round_=su_round(), actor=holder, basis=c)


def test_a_certificate_claimed_a_day_late_is_refused_check_by_check(world, holder, monkeypatch):  # noqa: F811
    c = cert(world["old_grad"], issued_on=dt.date(2024, 3, 31))
    pay(world["old_grad"], world["ent2"], month(2024, 1), month(2024, 2), month(2024, 3))  # 14 UI months, one in March
    monkeypatch.setattr(clock, "today", lambda: dt.date(2025, 4, 1))
    app = services.application_submit(round_=su_round(), actor=holder, basis=c)
    failed = [x for x in app.checks if not x["passed"]]
    assert not app.eligible and [x["code"] for x in failed] == ["claim_window"] and "第二条（三）" in failed[0]["clause"]


def test_only_the_holder_may_apply_for_a_certificate_of_the_window(world, holder, county_officer, ent_user):  # noqa: F811
    other = cert(world["youth"], number="C-Y")
    stranger = UserFactory(username="citizen-stranger", role="citizen")
    for actor in (stranger, county_officer, ent_user, None):
        with pytest.raises(DomainError) as exc:
            services.application_submit(round_=su_round(), actor=actor, basis=other)
        assert exc.value.code == "forbidden"
    with pytest.raises(DomainError) as exc:
        services.application_submit(round_=su_round(), actor=holder, basis=other)
    assert exc.value.code == "forbidden"
    early = cert(world["old_grad"], number="C-2023", issued_on=dt.date(2023, 12, 31))
    with pytest.raises(DomainError, match="window") as exc:
        services.application_submit(round_=su_round(), actor=holder, basis=early)
    assert exc.value.code == "invalid"
    with pytest.raises(DomainError):  # a skills-upgrade round needs a certificate
        services.application_submit(round_=su_round(), actor=holder, basis=contract(world["old_grad"], world["ent"]))
    assert not Application.objects.exists()


def test_me_offers_the_certificates_without_an_item_and_applies_without_javascript(world, holder, login):  # noqa: F811
    mine = cert(world["old_grad"])
    cert(world["old_grad"], number="C-OLD", issued_on=dt.date(2023, 5, 1))  # outside the window: not offered
    cert(world["youth"], number="C-THEIRS")
    client = login(holder)
    page = client.get(reverse("persons-me")).content.decode()
    url = reverse("persons-me-apply")
    assert f'action="{url}"' in page and 'value="C-A"' in page
    assert 'value="C-OLD"' not in page and "C-THEIRS" not in page
    for bad in ({}, {"certificate": "C-THEIRS"}, {"certificate": "C-OLD"}, {"certificate": "x" * 500}):
        response = client.post(url, bad)
        assert response.status_code == 400 and not Application.objects.exists()
    response = client.post(url, {"certificate": "C-A"})
    app = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("persons-me-item", args=[app.pk])
    assert (app.basis_key, app.state, app.person_id) == (f"certificate:{mine.certificate_no}", S.APPLIED, world["old_grad"].pk)
    assert 'value="C-A"' not in client.get(reverse("persons-me")).content.decode()
    again = client.post(url, {"certificate": "C-A"})
    assert again.status_code == 400 and Application.objects.count() == 1
    detail = client.get(reverse("persons-me-item", args=[app.pk])).content.decode()
    assert "邢人社办〔2024〕84号 第二条（三）" in detail


def test_me_apply_is_for_linked_citizens_only(world, holder, login, county_officer, ent_user):  # noqa: F811
    cert(world["old_grad"])
    url = reverse("persons-me-apply")
    unlinked = UserFactory(username="citizen-unlinked", role="citizen")
    assert login(unlinked).post(url, {"certificate": "C-A"}).status_code == 404
    assert login(county_officer).post(url, {"certificate": "C-A"}).status_code == 403
    assert login(ent_user).post(url, {"certificate": "C-A"}).status_code == 403
    assert not Application.objects.exists()


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_portal_me_and_the_items_api_do_not_query_per_hire_or_item(world, ent_user, holder, login, api_client):  # noqa: F811
    from persons.models import Person
    from tests.factories import make_resident_id

    def more_hires(n, first):
        for i in range(n):
            p = Person.objects.create(resident_id=make_resident_id(dt.date(2004, 1, 1), "130502", first + i), name=f"新{i}",
                                      region=world["ent"].region)
            LabourContract.objects.create(person=p, enterprise=world["ent"], starts_on=dt.date(2024, 9, 1), kind="fixed")

    def counts():
        portal = _queries(login(ent_user), reverse("subsidies:portal"))
        me = _queries(login(holder), reverse("persons-me"))
        api_client.force_authenticate(ent_user)
        api = _queries(api_client, "/api/v1/subsidies/items/")
        return portal, me, api

    services.application_submit(round_=je_round(), actor=ent_user, basis=contract(world["youth"], world["ent"], dt.date(2024, 7, 1)))
    cert(world["old_grad"], number="C-Q1")
    more_hires(1, 100)
    before = counts()
    more_hires(3, 200)
    services.application_submit(round_=je_round(), actor=ent_user, basis=contract(world["old_grad"], world["ent"]))
    cert(world["old_grad"], number="C-Q2", code="Y")
    cert(world["old_grad"], number="C-Q3", code="Z")
    assert counts() == before


def test_a_citizen_answers_a_return_for_more_information_on_me(world, holder, county_officer, login):  # noqa: F811
    c = cert(world["old_grad"])
    app = services.application_submit(round_=su_round(), actor=holder, basis=c)
    url = reverse("persons-me-item", args=[app.pk])
    client = login(holder)
    assert 'id="resubmit"' not in client.get(url).content.decode()  # nothing asked yet
    assert client.post(url, {"note": "补充"}).status_code == 409 and Application.objects.get(pk=app.pk).state == S.APPLIED
    services.application_return(app=services.application_review_start(app=app, actor=county_officer), actor=county_officer,
                                message="请上传证书照片")
    page = client.get(url).content.decode()
    assert 'id="resubmit"' in page and "请上传证书照片" in page
    assert client.post(url, {"note": "   "}).status_code == 400 and Application.objects.get(pk=app.pk).state == S.RETURNED
    other = UserFactory(username="citizen-other-reply", role="citizen")
    assert login(other).post(url, {"note": "冒充"}).status_code == 404
    response = login(holder).post(url, {"note": "已补充证书照片"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert (app.state, app.note) == (S.UNDER_REVIEW, "已补充证书照片")


# --- the one reading of an application's basis (issue 10): portal, API and /me/ share it --------


def test_apply_basis_gives_the_hire_or_certificate_on_offer_and_refuses_anything_else(world, ent_user, holder, enterprise_user):  # noqa: F811
    from subsidies.selectors import apply_basis

    missed = contract(world["old_grad"], world["ent"])
    je, su = je_round(), su_round()
    assert apply_basis(ent_user, je, contract=missed.pk) == (je, missed)
    assert apply_basis(ent_user, je, contract=str(missed.pk)) == (je, missed)  # the raw text of a form
    other_employer = contract(world["grad"], world["ent2"]).pk
    outside_window = contract(world["youth"], world["ent"], dt.date(2023, 7, 1)).pk
    for user, value, field in ((ent_user, None, "contract"), (ent_user, "", "contract"), (ent_user, "x", "contract"),
                               (ent_user, "9" * 30, "contract"), (ent_user, other_employer, "contract"),
                               (ent_user, outside_window, "contract"), (enterprise_user, missed.pk, "contract"),
                               (holder, missed.pk, "contract")):
        with pytest.raises(DomainError) as exc:
            apply_basis(user, je, contract=value)
        assert (exc.value.field, exc.value.code) == (field, "invalid")
    mine = cert(world["old_grad"])
    cert(world["youth"], number="C-THEIRS")
    assert apply_basis(holder, su, certificate="C-A") == (su, mine)
    assert apply_basis(holder, None, certificate="C-A") == (su, mine)  # /me/: the open round that offers it
    for user, value in ((holder, None), (holder, "C-THEIRS"), (holder, "C-NONE"), (ent_user, "C-A")):
        with pytest.raises(DomainError) as exc:
            apply_basis(user, su, certificate=value)
        assert exc.value.field == "certificate"
    from tests.subsidies.factories import open_round

    stable = open_round()
    assert apply_basis(ent_user, stable, contract="ignored") == (stable, None)  # 稳岗返还: no basis object
    assert not Application.objects.exists()
