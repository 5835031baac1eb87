"""Every app-owned label in Thai and English, and B.E./C.E. year display."""
from __future__ import annotations

LANGUAGES = ("th", "en")
DEFAULT_LANGUAGE = "th"
BE_OFFSET = 543

LABELS: dict[str, tuple[str, str]] = {
    "app_title": ("แดชบอร์ด ITA และ CPI", "ITA and CPI dashboard"),
    "language": ("ภาษา", "Language"),
    "page_data": ("ข้อมูลและแหล่งที่มา", "Data & sources"),
    "coverage_title": ("ความครอบคลุมของข้อมูล", "Data coverage"),
    "coverage_intro": ("ข้อมูลที่ฐานข้อมูลนี้มีอยู่ ที่มาของแต่ละชุด และการนำเข้าแต่ละครั้ง",
                       "What this database holds, where each part comes from, and every load into it."),
    "synthetic_badge": ("ข้อมูลรายหน่วยงานเป็นข้อมูลสังเคราะห์ (สมมติ) เพื่อการสาธิต ไม่ใช่ผลการประเมินจริง "
                        "แม้ค่าเฉลี่ยและอัตราการผ่านระดับประเทศจะปรับให้ตรงกับที่ ป.ป.ช. เผยแพร่",
                        "Agency-level data is SYNTHETIC demo data, not real assessment results, although its "
                        "national means and pass rates are calibrated to NACC's published figures."),
    "ita_heading": ("ผล ITA รายปีงบประมาณ", "ITA results by fiscal year"),
    "cpi_heading": ("ดัชนีการรับรู้การทุจริต (CPI)", "Corruption Perceptions Index (CPI)"),
    "published_heading": ("ผล ITA ระดับประเทศที่เผยแพร่", "National ITA results as published"),
    "targets_heading": ("เป้าหมาย", "Targets"),
    "imports_heading": ("ประวัติการนำเข้าข้อมูล", "Import history"),
    "no_database": ("ยังไม่มีฐานข้อมูล: สร้างด้วยคำสั่ง `make run` หรือ `python -m ita_analytics init`",
                    "No database yet: build it with `make run` or `python -m ita_analytics init`"),
    "cpi_citation": ("ที่มา: Corruption Perceptions Index 2012–2025 โดย Transparency International "
                     "(สัญญาอนุญาต CC BY-ND 4.0) https://www.transparency.org/en/cpi",
                     "Source: Corruption Perceptions Index 2012–2025 by Transparency International "
                     "(licence CC BY-ND 4.0) https://www.transparency.org/en/cpi"),
    "ita_source": ("ที่มา: สำนักงาน ป.ป.ช. (ค่าระดับประเทศที่เผยแพร่); ข้อมูลรายหน่วยงาน: ตามประวัติการนำเข้า",
                   "Source: NACC (published national figures); agency-level data: see the import history"),
    # column headings
    "fiscal_year": ("ปีงบประมาณ", "Fiscal year"),
    "year": ("ปี", "Year"),
    "results": ("จำนวนผล", "Results"),
    "synthetic_results": ("ผลสังเคราะห์", "Synthetic results"),
    "with_tools": ("มีคะแนนเครื่องมือ", "With tool scores"),
    "with_indicators": ("มีคะแนนตัวชี้วัด", "With indicator scores"),
    "published_agencies": ("จำนวนหน่วยงาน (เผยแพร่)", "Agencies (published)"),
    "published_mean": ("คะแนนเฉลี่ย (เผยแพร่)", "Mean (published)"),
    "published_pass_rate": ("อัตราผ่าน (เผยแพร่)", "Pass rate (published)"),
    "countries": ("ประเทศในฐานข้อมูลนี้", "Countries in this database"),
    "countries_with_sources": ("ประเทศที่มีคะแนนรายแหล่ง", "Countries with source scores"),
    "countries_ranked_by_ti": ("ประเทศที่ TI จัดอันดับ", "Countries ranked by TI"),
    "agencies": ("จำนวนหน่วยงาน", "Agencies"),
    "respondents": ("ผู้ตอบแบบสำรวจ", "Respondents"),
    "mean_score": ("คะแนนเฉลี่ย", "Mean score"),
    "passed": ("ผ่าน (≥85)", "Passed (≥85)"),
    "pass_rate": ("อัตราผ่าน", "Pass rate"),
    "source_url": ("ลิงก์แหล่งที่มา", "Source link"),
    "comparison": ("เงื่อนไข", "Comparison"),
    "target": ("เป้าหมาย", "Target"),
    "note": ("หมายเหตุ", "Note"),
    "metric": ("ตัวชี้วัดเป้าหมาย", "Metric"),
    "value": ("ค่าเป้าหมาย", "Target value"),
    "source": ("แหล่งที่มา", "Source"),
    "import_id": ("ครั้งที่", "Import"),
    "kind": ("ประเภท", "Kind"),
    "file_name": ("ไฟล์", "File"),
    "sha256": ("SHA-256", "SHA-256"),
    "rows": ("จำนวนแถว", "Rows"),
    "imported_at": ("นำเข้าเมื่อ", "Imported at"),
    "synthetic": ("สังเคราะห์", "Synthetic"),
}


METRICS: dict[str, tuple[str, str]] = {
    "ita_pass_rate": ("สัดส่วนหน่วยงานที่ผ่าน ITA (≥85)", "Share of agencies passing ITA (≥85)"),
    "cpi_score": ("คะแนน CPI", "CPI score"),
    "cpi_rank": ("อันดับ CPI", "CPI rank"),
}
FRACTION_METRICS = {"ita_pass_rate"}


def metric_label(metric: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Return a metric code's name in the language (the code itself when unknown)."""
    th, en = METRICS.get(metric, (metric, metric))
    return en if lang == "en" else th


def target_label(metric: str, comparison: str, value: float) -> str:
    """Return a target as a short formula, e.g. '≥ 80%' or '≤ 53'."""
    sign = "≥" if comparison == "at_least" else "≤"
    shown = f"{value:.0%}" if metric in FRACTION_METRICS else f"{value:g}"
    return f"{sign} {shown}"


def t(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Return the label for key in the language ('th' or 'en')."""
    th, en = LABELS[key]
    return en if lang == "en" else th


def year_label(year: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """Return a C.E. year as shown to users: B.E. in Thai (2025 → 2568), C.E. in English."""
    return str(int(year) + BE_OFFSET) if lang == "th" else str(int(year))
