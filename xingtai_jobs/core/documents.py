"""Documents the portal produces: PDFs (WeasyPrint, CJK fonts), QR codes (segno) and Excel
exports (openpyxl, streamed in write-only mode)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from xingtai_jobs.core import clock


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render a template to PDF. Templates extend ``core/pdf_base.html`` (bureau header, date,
    CJK font named in CSS)."""
    from weasyprint import HTML

    context = {"font_family": settings.XT_PDF_FONT_FAMILY, "generated_at": timezone.localtime(clock.now()), **context}
    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def pdf_response(pdf: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{_quote(filename)}"
    return response


def qr_svg(data: str, *, scale: int = 8, border: int = 2) -> str:
    """An inline SVG of a QR code (error correction M)."""
    import segno

    qr = segno.make(data, error="m", micro=False)
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=scale, border=border, xmldecl=False, svgns=True, dark="#000", light="#fff")
    return out.getvalue().decode()


# A cell whose text starts with one of these is read as a formula (or turned into one) by Excel,
# LibreOffice or WPS: "=HYPERLINK(...)", "+cmd|...", "-2+3", "@SUM(...)", and the same behind a
# tab or carriage return (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def is_formula_like(value) -> bool:
    """True for text a spreadsheet program would read as a formula (not for a plain number)."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(value)


def csv_safe(value):
    """A value for a CSV/TSV cell: formula-like text gets a leading apostrophe (the spreadsheet
    convention for "this is text"); numbers, dates and plain text pass unchanged."""
    if is_formula_like(value):
        return "'" + value
    return value


def _xlsx_cell(ws, value):
    """A write-only cell holding ``value``: numbers, dates and booleans keep their type; text is
    always a text cell — never a formula or an error value, whatever it starts with — and
    characters XML cannot carry become U+FFFD, so no stored value can break an export."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    if value is not None and not isinstance(value, (int, float, Decimal, dt.date, dt.datetime, dt.time, dt.timedelta)):
        value = str(value)  # a lazy translation, an enum member: its text
        return _xlsx_cell(ws, value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = timezone.localtime(value).replace(tzinfo=None)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, Decimal):
        cell.number_format = MONEY_FORMAT if value == value.quantize(Decimal("0.01")) else "0.00####"
    elif isinstance(value, dt.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


# Column widths are measured on the header and the first rows (the file is streamed: later rows are
# not held); in Excel's character units, a CJK character counting two.
WIDTH_SAMPLE_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 6, 60
MONEY_FORMAT = "#,##0.00"


def _display_width(value) -> int:
    import unicodedata

    if value is None:
        return 0
    if isinstance(value, Decimal):
        text = f"{value:,.2f}"
    elif isinstance(value, dt.datetime):
        text = "2026-01-01 00:00"
    elif isinstance(value, dt.date):
        text = "2026-01-01"
    else:
        text = str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence], *, sheet: str = "data") -> bytes:
    """An .xlsx workbook written row by row (openpyxl write-only mode, lxml serialiser).

    Every text cell is stored as text (``_xlsx_cell``): an entered ``=HYPERLINK(...)`` is shown,
    never evaluated; numbers stay numeric cells (a ``Decimal`` amount shown with two places). The
    header row is frozen and bold, and each column is as wide as its header and the first
    ``WIDTH_SAMPLE_ROWS`` rows need (within ``MIN_WIDTH``..``MAX_WIDTH``)."""
    from itertools import chain, islice

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    rows = iter(rows)
    sample = [list(r) for r in islice(rows, WIDTH_SAMPLE_ROWS)]
    widths = [_display_width(str(h)) for h in headers]
    for sampled in sample:
        for i, value in enumerate(sampled):
            if i >= len(widths):
                widths.append(0)
            widths[i] = max(widths[i], _display_width(value))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    ws.freeze_panes = "A2"
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, max(MIN_WIDTH, width + 2))
    bold = Font(bold=True)
    header_cells = []
    for h in headers:
        cell = _xlsx_cell(ws, str(h))
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    for line in chain(sample, rows):
        ws.append([_xlsx_cell(ws, v) for v in line])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence], *, sheet: str = "data") -> HttpResponse:
    """An Excel download (see ``xlsx_bytes``)."""
    response = HttpResponse(xlsx_bytes(headers, rows, sheet=sheet),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
