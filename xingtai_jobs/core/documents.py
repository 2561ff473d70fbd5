"""Documents the portal produces: PDFs (WeasyPrint, CJK fonts), QR codes (segno) and Excel
exports (openpyxl, streamed in write-only mode)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render a template to PDF. Templates extend ``core/pdf_base.html`` (bureau header, date,
    CJK font named in CSS)."""
    from weasyprint import HTML

    context = {"font_family": settings.XT_PDF_FONT_FAMILY, "generated_at": timezone.localtime(), **context}
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


def qr_png_data_uri(data: str, *, scale: int = 10, border: int = 4) -> str:
    import segno

    return segno.make(data, error="m", micro=False).png_data_uri(scale=scale, border=border)


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence], *, sheet: str = "data") -> bytes:
    """An .xlsx workbook written row by row (openpyxl write-only mode, lxml serialiser)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    ws.append([str(h) for h in headers])
    for row in rows:
        ws.append(list(row))
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
