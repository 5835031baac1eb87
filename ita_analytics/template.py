"""Write the ITA import template: Thai headers, and sheets listing the allowed agency types and provinces."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import reference
from .ingest.ita_parse import columns

SHEET_RESULTS, SHEET_TYPES, SHEET_PROVINCES, SHEET_HELP = "ผลการประเมิน", "ประเภทหน่วยงาน", "จังหวัด", "คำอธิบาย"


def write_template(out: Path | str) -> Path:
    """Write an .xlsx import template to out and return its path."""
    out = Path(out)
    spec = columns()
    types = reference.read_fact("agency_types")
    types = types.assign(aliases=types["aliases"].str.replace("|", ", ", regex=False))
    provinces = reference.provinces()
    help_sheet = spec[["header_th", "header_en", "required", "help_th"]].rename(
        columns={
            "header_th": "หัวคอลัมน์ (ไทย)",
            "header_en": "English header",
            "required": "required",
            "help_th": "คำอธิบาย",
        }
    )
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        pd.DataFrame(columns=spec["header_th"].tolist()).to_excel(writer, sheet_name=SHEET_RESULTS, index=False)
        types[["name_th", "name_en", "type_code", "type_group", "aliases"]].to_excel(
            writer, sheet_name=SHEET_TYPES, index=False
        )
        provinces[["province_code", "name_th", "name_en", "region"]].to_excel(
            writer, sheet_name=SHEET_PROVINCES, index=False
        )
        help_sheet.to_excel(writer, sheet_name=SHEET_HELP, index=False)
        sheet = writer.sheets[SHEET_RESULTS]
        code_letter = sheet.cell(row=1, column=int(spec.index[spec["field"] == "agency_code"][0]) + 1).column_letter
        sheet.column_dimensions[code_letter].number_format = "@"  # text, so leading zeros survive
        for sheet in writer.sheets.values():
            for column in sheet.columns:
                sheet.column_dimensions[column[0].column_letter].width = 22
    return out
