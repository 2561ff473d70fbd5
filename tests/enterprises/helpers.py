"""Small file writers for import tests (real .csv / .xlsx files on disk)."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

ENT_HEADERS_ZH = ["统一社会信用代码", "单位名称", "所属县(市、区)代码", "行业代码(GB/T 4754)", "单位类型", "企业规模", "规上企业",
                  "重点企业", "严重失信", "注销或清算中", "地址", "联系人", "联系电话"]
ENT_HEADERS_EN = ["uscc", "name", "region_code", "industry_code", "unit_type", "size_class", "above_scale", "key_enterprise",
                  "dishonest", "deregistering", "address", "contact_name", "contact_phone"]
INS_HEADERS_EN = ["uscc", "month", "insured_count", "new_insured", "ui_premium_due", "ui_premium_paid", "ui_new_claimants"]


def write_csv(path: Path, headers: list[str], rows: list[list]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(headers)
        w.writerows(rows)
    return path


def write_xlsx(path: Path, headers: list[str], rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def ent_row(uscc: str, name: str = "邢台导入测试有限公司", region: str = "130502", **over) -> list:
    values = {"uscc": uscc, "name": name, "region_code": region, "industry_code": "C30", "unit_type": "enterprise",
              "size_class": "small", "above_scale": "否", "key_enterprise": "0", "dishonest": "false", "deregistering": "否",
              "address": "襄都区示例路1号", "contact_name": "王经理", "contact_phone": "13800001111"}
    values.update(over)
    return [values[h] for h in ENT_HEADERS_EN]


def ins_row(uscc: str, month: str = "2024-01", **over) -> list:
    values = {"uscc": uscc, "month": month, "insured_count": "100", "new_insured": "3", "ui_premium_due": "8000.00",
              "ui_premium_paid": "8000.00", "ui_new_claimants": "0"}
    values.update(over)
    return [values[h] for h in INS_HEADERS_EN]
