"""Issue 15: Excel exports a clerk can work with — numbers are number cells (still formula-safe),
the header row is frozen, columns are wide enough for their contents. Read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from xingtai_jobs.core.documents import MAX_WIDTH, MIN_WIDTH, WIDTH_SAMPLE_ROWS, xlsx_bytes


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).worksheets[0]


def test_numbers_stay_numbers_text_stays_text_and_the_header_is_frozen():
    rows = [[1, "91130500MA0XXXXX1", "=HYPERLINK(\"x\")", Decimal("62.50"), Decimal("12345.60"), dt.date(2026, 12, 1), 0.125]]
    ws = _sheet(xlsx_bytes(["排名", "统一社会信用代码", "企业", "得分", "金额（元）", "日期", "比例"], rows))
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.bold
    rank, uscc, name, score, amount, day, share = ws[2]
    assert rank.data_type == "n" and rank.value == 1
    assert uscc.data_type == "s" and uscc.value == "91130500MA0XXXXX1"  # digits-and-letters codes stay text
    assert name.data_type == "s" and name.value.startswith("=")  # shown, never a formula
    assert score.data_type == "n" and score.value == 62.5 and score.number_format == "#,##0.00"
    assert amount.data_type == "n" and amount.value == 12345.6
    assert day.is_date and day.number_format == "yyyy-mm-dd"
    assert share.data_type == "n"


def test_column_widths_follow_the_header_and_the_contents():
    long_name = "邢台市某某建筑工程有限公司第三项目部"  # 18 CJK characters: 36 units
    ws = _sheet(xlsx_bytes(["编号", "企业名称", "说明"], [[1, long_name, "x" * 500]]))
    width = {col: ws.column_dimensions[col].width for col in "ABC"}
    assert width["A"] == MIN_WIDTH  # "编号" is 4 units: the minimum applies
    assert width["B"] == len(long_name) * 2 + 2
    assert width["C"] == MAX_WIDTH  # very long text does not make a column wider than the screen


def test_widths_are_measured_on_the_first_rows_only_and_every_row_is_written():
    rows = ([i, "a"] for i in range(WIDTH_SAMPLE_ROWS + 50))
    ws = _sheet(xlsx_bytes(["n", "t"], rows))
    assert ws.max_row == WIDTH_SAMPLE_ROWS + 51
    assert [c.value for c in ws[ws.max_row]] == [WIDTH_SAMPLE_ROWS + 49, "a"]
