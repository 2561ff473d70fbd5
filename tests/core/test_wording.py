"""Chinese that reads right (issue 15): one English word, the right Chinese term in each context;
full-width punctuation in Chinese text; industry codes with their GB/T 4754-2017 names.
The terms are those of docs/glossary.md."""

from __future__ import annotations

import csv
import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.mo")) + sorted(
    ROOT.glob("xingtai_jobs/core/locale/zh_Hans/LC_MESSAGES/django.mo"))

CJK = "\u3400-\u9fff\u3000-\u303f\uff00-\uffef"
# An ASCII , ; : ( ) touching Chinese text (a %(name)s placeholder's brackets do not count).
HALF_WIDTH = re.compile(rf"(?<=[{CJK}])\s*[,;:()]|[,;:()]\s*(?=[{CJK}])|(?<=[{CJK}])\s*\((?!\w+\)s)")


def half_width_hits(text: str) -> list[str]:
    return [text[max(0, m.start() - 6):m.end() + 6] for m in HALF_WIDTH.finditer(text)]


def test_the_punctuation_check_catches_half_width_marks_and_spares_placeholders():
    assert half_width_hits("请稍后再试,或拨打12333")
    assert half_width_hits("金额(元)")
    assert half_width_hits("公示期: %(start)s")
    assert not half_width_hits("公示（%(date)s）")
    assert not half_width_hits("时刻（HH:MM）")
    assert not half_width_hits("%(region)s：%(count)s")


def test_every_chinese_string_of_every_catalogue_uses_full_width_punctuation():
    assert len(CATALOGUES) >= 8
    hits = []
    for mo in CATALOGUES:
        with mo.open("rb") as fh:
            catalogue = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
        for key, value in catalogue.items():
            if not key:
                continue  # the header
            for text in [value] if isinstance(value, str) else list(value):
                hits += [(mo.relative_to(ROOT).parts[0], str(key)[:50], h)
                         for h in half_width_hits(text)]
    assert hits == []


@pytest.mark.parametrize(("label", "chinese"), [
    ("recruitment.models:Event.Status.CLOSED", "已结束"),
    ("wage_arrears.models:Status.CLOSED", "已结案"),
    ("enterprises.models:LabourDispute.Status.CLOSED", "已结案"),
])
def test_a_closed_event_has_ended_while_a_closed_case_is_concluded(label, chinese):
    import importlib

    module, path = label.split(":")
    obj = importlib.import_module(module)
    for part in path.split("."):
        obj = getattr(obj, part)
    with translation.override("zh-hans"):
        assert str(obj.label) == chinese


def test_job_openings_and_staff_wording_are_their_own_terms():
    from recruitment.forms import PostingForm
    from recruitment.models import JobPosting
    from subsidies.models import PublicNotice

    with translation.override("zh-hans"):
        assert str(PostingForm.base_fields["headcount"].label) == "招聘人数"
        assert str(JobPosting._meta.get_field("headcount").verbose_name) == "招聘人数"
        assert str(PublicNotice.Status.CLOSED.label) == "公示已结束"


def test_the_staff_intake_form_speaks_of_the_complainant_and_records_not_signs_up(login, county_officer):
    response = login(county_officer).get("/staff/wage-arrears/intake/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "投诉人姓名" in html and "投诉人手机号码" in html
    assert "您的" not in html
    assert ">登记</button>" in html and ">报名<" not in html


def test_the_not_accepted_reason_and_the_handling_outcome_are_never_preselected():
    from wage_arrears.forms import HandleForm, NotAcceptForm

    for form, name in ((NotAcceptForm(), "reason"), (HandleForm(), "outcome")):
        html = str(form[name])
        assert form.fields[name].choices[0][0] == ""
        assert re.findall(r'value="([^"]*)" selected', html) == [""]  # only the "请选择" line
    assert not NotAcceptForm(data={"reason": ""}).is_valid()


def test_the_industry_table_is_gbt_4754_2017_and_agrees_with_the_section_ranges():
    from enterprises.industries import DATA, industry_label, industry_name
    from enterprises.rules import INDUSTRY_SECTIONS

    with DATA.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    sections = {r["code"] for r in rows if r["code"].isalpha()}
    divisions = {int(r["code"]): r["section"] for r in rows if r["code"].isdigit()}
    assert sections == set(INDUSTRY_SECTIONS) and len(divisions) == 97
    for section, (lo, hi) in INDUSTRY_SECTIONS.items():
        assert all(divisions[d] == section for d in range(lo, hi + 1))
    assert industry_name("C30") == "非金属矿物制品业"
    assert industry_name("c3011") == "非金属矿物制品业"
    assert industry_name("E") == "建筑业"
    assert industry_name("B30") == "" and industry_name("") == ""
    assert industry_label("C30") == "C30 非金属矿物制品业"


def test_the_enterprise_portal_names_its_industry(login, enterprise_user):
    html = login(enterprise_user).get("/enterprise/").content.decode()
    assert "C30 非金属矿物制品业" in html


def test_no_english_string_has_two_chinese_translations_in_two_catalogues():
    """Django merges the catalogues (the first app wins): a msgid translated two ways shows one of
    them everywhere. Two meanings need a msgctxt; one meaning needs one term (docs/glossary.md)."""
    seen: dict[str, dict[str, str]] = {}
    for mo in CATALOGUES:
        with mo.open("rb") as fh:
            catalogue = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
        for key, value in catalogue.items():
            if key and isinstance(value, str):
                seen.setdefault(str(key), {})[mo.relative_to(ROOT).parts[0]] = value
    twice = {key.replace("\x04", " | "): apps for key, apps in seen.items() if len(set(apps.values())) > 1}
    assert twice == {}


@pytest.mark.parametrize(("msgid", "context", "chinese"), [
    ("Published", None, "已发布"),
    ("Published", "date of publication", "发布日期"),
    ("Open", None, "处理中"),
    ("Accepted", None, "已受理"),
    ("Accepted", "correction status", "已采纳"),
    ("Paid", "wages recovered", "已支付"),
    ("Construction", "kind of work", "工程建设"),
])
def test_the_merged_catalogue_gives_each_context_its_own_term(msgid, context, chinese):
    with translation.override("zh-hans"):
        text = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
    assert text == chinese


# --- The other Chinese sources: rule explanations, templates (the PDFs and letters among them) and
# the policy figures' sources and clauses in every app's policy_defaults.toml.

SOURCE_SKIP = {".venv", "node_modules", "tests", "migrations", "locale"}
TEMPLATE_TAGS = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)
VARIABLE = re.compile(r"\{\{.*?\}\}", re.S)
# What a template translates shows as Chinese text in the Chinese UI: it stands in as one character,
# so an ASCII mark written after it ("{% translate "State" %}: …") is found.
TRANSLATED = re.compile(r"\{% blocktranslate\b.*?%\}.*?\{% endblocktranslate %\}|\{% translate\b.*?%\}", re.S)
CHINESE = re.compile("[\u3400-\u9fff]")


def _sources(pattern: str) -> list[Path]:
    return sorted(p for p in ROOT.glob(pattern) if not SOURCE_SKIP & set(p.relative_to(ROOT).parts))


def chinese_literals(source: str) -> list[tuple[int, str]]:
    """The Chinese string literals of a Python source (docstrings, written in English, left out),
    an f-string's replacement fields taken out."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                body[0].value.docstring = True  # type: ignore[attr-defined]
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else " " for v in node.values)
            for v in node.values:
                v.fstring_part = True  # type: ignore[attr-defined]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if getattr(node, "docstring", False) or getattr(node, "fstring_part", False):
                continue
            text = node.value
        else:
            continue
        if CHINESE.search(text):
            found.append((node.lineno, text))
    return found


def template_text(source: str) -> str:
    """A template's text as the Chinese UI shows it: what it translates stands in as one Chinese
    character (the msgids are English; their Chinese is checked in the catalogues), the other tags
    are taken out and a variable (data, often digits or codes) stands in as a letter."""
    return VARIABLE.sub("x", TEMPLATE_TAGS.sub(" ", TRANSLATED.sub("译", source)))


def toml_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in toml_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in toml_strings(v)]
    return []


def test_the_source_walkers_find_half_width_marks_where_they_are():
    assert chinese_literals('"""文档(英文)"""\nx = "金额(元)"\ny = f"{a}个月, 要求"\n') == [
        (2, "金额(元)"), (3, " 个月, 要求")]
    assert all(half_width_hits(t) for _, t in chinese_literals('x = "金额(元)"\ny = f"{a}个月, 要求"\n'))
    assert half_width_hits(template_text("{{ name }}(公民身份号码 {{ id }}):"))
    assert not half_width_hits(template_text('{% translate "Run screening (免申即享)" %}'))
    assert half_width_hits(template_text('<p>{% translate "State" %}: {{ s }}</p>'))
    assert half_width_hits(template_text('<h2>{% translate "Late" %} ({{ n }})</h2>'))
    assert not half_width_hits(template_text('<p>{% translate "State" %}{% translate ": " context "label separator" %}{{ s }}</p>'))
    assert toml_strings({"figure": [{"source": "第4条: 全年", "value": 3}]}) == ["第4条: 全年"]


def test_rule_explanations_use_full_width_punctuation():
    """Every Chinese string a rule module writes into a decision (figure, threshold, clause,
    explanation): subsidies/rules, entitlements/rules and each app's rules.py."""
    files = _sources("*/rules/*.py") + _sources("*/rules.py")
    literals = {f: chinese_literals(f.read_text(encoding="utf-8")) for f in files}
    assert sum(len(v) for v in literals.values()) >= 20  # the walk reads the explanations
    hits = [(str(f.relative_to(ROOT)), line, h) for f, found in literals.items()
            for line, text in found for h in half_width_hits(text)]
    assert hits == []


def test_templates_pdfs_and_letters_use_full_width_punctuation():
    files = _sources("**/templates/**/*.html")
    names = {f.name for f in files}
    assert {"letter_pdf.html", "notice_pdf.html", "ranking_pdf.html", "pdf_base.html"} <= names
    hits = [(str(f.relative_to(ROOT)), h) for f in files
            for h in half_width_hits(template_text(f.read_text(encoding="utf-8")))]
    assert hits == []


def test_policy_sources_and_clauses_use_full_width_punctuation():
    import tomllib

    files = _sources("*/policy_defaults.toml")
    assert len(files) >= 7
    hits, chinese = [], 0
    for f in files:
        for text in toml_strings(tomllib.loads(f.read_text(encoding="utf-8"))):
            chinese += bool(CHINESE.search(text))
            hits += [(str(f.relative_to(ROOT)), text[:40], h) for h in half_width_hits(text)]
    assert chinese >= 100
    assert hits == []
