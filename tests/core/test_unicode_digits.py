"""Hardening mend 1 (issue 11, review): digits are ASCII 0-9.

``str.isdigit()`` is true for "²", "٣", "①"; ``int()`` then reads "٣" as 3 and refuses "²" with a
ValueError (a 500). The kernel's parsers read ASCII digits only, plus full-width digits (１２, what a
Chinese input method types in full-width mode) mapped deliberately; everything else is bad input:
a query parameter is ignored (``query_int``/``query_page``), a field is refused with a message.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from subsidies import services as subsidy_services
from subsidies.models import Application, BankAccount
from tests.subsidies.factories import eligible_enterprise, open_round
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.inputs import is_digits, parse_count, parse_decimal, parse_month, query_int, query_page

NOT_ASCII_DIGITS = ["²", "³", "①", "٣", "۳", "३", "𝟐", "⑵", "²³"]


def arabic_indic(number: int) -> str:
    """``12`` → "١٢": what ``int()`` reads as 12 and ``isdigit()`` accepts."""
    return "".join(chr(0x660 + int(d)) for d in str(number))


@pytest.mark.parametrize("text", NOT_ASCII_DIGITS)
def test_kernel_parsers_refuse_digit_like_characters(text):
    assert not is_digits(text)
    with pytest.raises(ValidationError):
        parse_count(text)
    with pytest.raises(ValidationError):
        parse_decimal(text)
    with pytest.raises(ValidationError):
        parse_decimal(f"1{text}.5")
    assert query_int({"page": text}, "page") is None
    assert query_int({"page": text}, "page", default=7) == 7
    assert query_page({"page": text}) == 1


def test_full_width_digits_are_read_deliberately_and_nothing_else():
    assert parse_count("１２") == 12 and parse_decimal("１２．５０") == Decimal("12.50")
    assert query_int({"round": "１２"}, "round") == 12
    assert is_digits("0123") and not is_digits("") and not is_digits(" 1") and not is_digits(None)
    assert parse_month("２０２４-０３") == dt.date(2024, 3, 1)
    for bad in ("٢٠٢٤-٠٣", "2024-٠٣", "²⁰²⁴-03"):
        with pytest.raises(ValidationError):
            parse_month(bad)


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "٣", "①"])
def test_public_pages_ignore_a_digit_like_page_number(client, value):
    for url in (reverse("subsidies:notice_list"), reverse("recruitment:event-list"), reverse("recruitment:job-search")):
        response = client.get(url, {"page": value})
        assert response.status_code == 200, (url, value, response.status_code)


@pytest.mark.django_db
def test_staff_subsidy_list_ignores_a_round_written_in_other_digits(login, city_officer, region_a):
    first = open_round(year=2024)
    second = open_round(year=2025)
    ent = eligible_enterprise(region=region_a, name="甲企业")
    other = eligible_enterprise(region=region_a, name="乙企业")
    Application.objects.create(round=first, enterprise=ent, region=ent.region, origin="application", state="applied")
    Application.objects.create(round=second, enterprise=other, region=other.region, origin="application", state="applied")
    client = login(city_officer)
    url = reverse("subsidies:staff_home")
    only_first = client.get(url, {"round": str(first.pk)}).content.decode()
    assert "甲企业" in only_first and "乙企业" not in only_first  # the filter works with ASCII digits
    for value in (arabic_indic(first.pk), "²", "1e3", str(10**30)):
        response = client.get(url, {"round": value})
        assert response.status_code == 200, value
        page = response.content.decode()
        assert "甲企业" in page and "乙企业" in page, value  # ignored: never read as round ``first``


@pytest.mark.django_db
def test_bank_account_number_refuses_other_digits_and_reads_full_width(enterprise_user, enterprise):
    for number in ("٦٢٢٢٠٢١٢٣٤٥٦٧٨٩٠", "6222²²²²²²²²", "62220212345678①"):
        with pytest.raises(DomainError) as info:
            subsidy_services.bank_account_confirm(enterprise=enterprise, actor=enterprise_user, account_name=enterprise.name,
                                                  bank_name="中国工商银行邢台分行", account_number=number)
        assert info.value.field == "account_number" and info.value.status == 400
    assert not BankAccount.objects.exists()
    account = subsidy_services.bank_account_confirm(enterprise=enterprise, actor=enterprise_user, account_name=enterprise.name,
                                                    bank_name="中国工商银行邢台分行", account_number="６２２２ ０２１２ ３４５６")
    assert account.account_number == "622202123456"


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "٣"])
def test_staff_pages_with_digit_like_ids_are_not_500(login, county_officer, region_a, value):
    from tests.wage_arrears.conftest import form_data
    from wage_arrears import services as wage_services
    from wage_arrears.forms import ComplaintForm

    client = login(county_officer)
    assert client.get(reverse("wage_arrears:staff-intake"), {"session": value}).status_code == 200
    assert client.get(reverse("measures:staff-registry", args=["craftsman"]), {"edit": value}).status_code == 200
    form = ComplaintForm(form_data())
    assert form.is_valid(), form.errors
    complaint, _created = wage_services.complaint_submit(data=form.to_input())
    response = client.post(reverse("wage_arrears:staff-merge", args=[complaint.pk]), {"merge": [value]})
    assert response.status_code == 302  # "choose another complaint" flashed, never a 500
    complaint.refresh_from_db()
    assert complaint.group_id is None


def test_policy_figures_read_ascii_digits_only():
    from xingtai_jobs.core.policy import INT, RATE, TIME, Figure

    assert Figure("f", "f", INT, "").parse("１２") == 12  # full-width, as every input of the portal
    for kind, good, bad in ((INT, "3", "٣"), (RATE, "0.3", "٠.٣"), (INT, "12", "¹²"), (TIME, "09:30", "٠٩:٣٠")):
        figure = Figure("f", "f", kind, "")
        assert figure.parse(good) is not None
        with pytest.raises(ValueError):
            figure.parse(bad)


def _page_numbers_read_with_query_page(tree) -> set[str]:
    """Names assigned (anywhere in the module) from an expression that calls ``query_page``, directly
    or through a function of the module whose body calls it."""
    import ast

    def calls_query_page(node) -> bool:
        return any(isinstance(n, ast.Call) and getattr(n.func, "id", getattr(n.func, "attr", None)) in readers
                   for n in ast.walk(node))

    readers = {"query_page"}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and calls_query_page(node):
            readers.add(node.name)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            targets = [t for target in node.targets for t in ast.walk(target) if isinstance(t, ast.Name)]
            values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
            if len(values) == len(targets):
                names |= {t.id for t, v in zip(targets, values, strict=True) if calls_query_page(v)}
            elif calls_query_page(node.value):
                names |= {t.id for t in targets}
    return names


def test_every_paginated_page_reads_its_page_number_through_query_page():
    """``Paginator.get_page`` reads "٣" as page 3 itself: every call gets its number from query_page,
    in the call or in the variable it passes (a page written later with ``query_int`` or the raw
    parameter is caught here)."""
    import ast
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or "bench" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if ".get_page(" not in text:
            continue
        tree = ast.parse(text)
        read = _page_numbers_read_with_query_page(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "get_page" and node.args:
                arg = node.args[0]
                direct = isinstance(arg, ast.Call) and getattr(arg.func, "id", None) == "query_page"
                if not (direct or (isinstance(arg, ast.Name) and arg.id in read)):
                    offenders.append(f"{path.relative_to(root)}:{node.lineno}: get_page({ast.unparse(arg)})")
    assert offenders == []
