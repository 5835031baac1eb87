"""Hypothesis strategies for whole input files, one per importer (ITA, CPI, national or provincial indicator): a header
in any of the columns' spellings, shuffled, sometimes doubled or with junk columns, and rows of valid or wild cells;
half the files are clean (valid headers and cells, distinct keys) so that the import path is exercised too. GRIDS maps
an importer's name to its strategy.
"""

from __future__ import annotations

import string

from fuzz_support import JUNK_HEADER, THAI, WILD_TEXT, grid_of, junk_header, mutate_header, numeric_text, unique_keys
from hypothesis import strategies as st

from ita_analytics import reference
from ita_analytics.ingest.ita_parse import SCORE_FIELDS
from ita_analytics.ingest.ita_parse import columns as ita_columns

# --- ITA ------------------------------------------------------------------------------------------

_TYPES = reference.agency_types()
TYPE_NAMES = sorted({*_TYPES["name_th"], *_TYPES["name_en"], *_TYPES["type_code"], "อบต.", "ทต.", "ทม.", "ทน.", "อบจ."})
PROVINCE_NAMES = ["เชียงใหม่", "จ.เชียงใหม่", "Chiang Mai", "50", "สงขลา", "Songkhla", "90", "กรุงเทพมหานคร", ""]
ITA_VALID = {
    "fiscal_year": st.sampled_from(["2567", "2568", "2024", " 2566 ", "2568.0", "๒๕๖๘", "2561", "2057"]),
    "agency_code": st.text(alphabet="AB0123456789", min_size=1, max_size=5),
    "agency_name": st.one_of(st.sampled_from(["กรมทดสอบ", "Dept", "อบต.หนึ่ง"]), THAI.filter(str.strip)),
    "agency_name_en": st.sampled_from(["", "Test Dept", '=HYPERLINK("x")']),
    "agency_type": st.sampled_from(TYPE_NAMES),
    "province": st.sampled_from(PROVINCE_NAMES),
    "ministry": st.sampled_from(["", "กระทรวงการคลัง", 'Ministry, of "Finance"']),
    "district": st.sampled_from(["", "เมืองเชียงใหม่", "อ.สันทราย", "Mueang"]),
    "published_rating": st.sampled_from(["", "AA", "A", "ผ่านดี", "ผ่านดีเยี่ยม", "ต้องปรับปรุง", "ไม่ผ่าน", "x"]),
    "source_url": st.sampled_from(["", "https://example.go.th/itas/1", "javascript:alert(1)", "ที่มา: ข่าว"]),
    "ignored": st.sampled_from(["1", "2", "", "#"]),
    "iso37001": st.sampled_from(["", "ใช่", "ไม่ใช่", "no", "TRUE", "1", "y"]),
    "contact_name": st.sampled_from(["", "นางสาวทดสอบ ใจดี", "=cmd|' /C calc'!A0"]),
    "contact_phone": st.sampled_from(["", "0 2123 4567", "+66-81-234-5678", "๐๘๑"]),
    "contact_email": st.sampled_from(["", "ita@example.go.th", "not an address", "<script>@x"]),
    **{name: st.one_of(numeric_text(0, 100), st.just("")) for name in SCORE_FIELDS if name != "score"},
    "score": numeric_text(0, 100),
}


def _spellings(row) -> list[str]:
    names = [row.header_th, row.header_en, row.field, *filter(None, row.aliases.split("|"))]
    return [*names, f"  {row.header_en.upper()} ", row.header_en.replace("_", " ")]


@st.composite
def ita_grid(draw, native: bool = False) -> list[list[object]]:
    clean = draw(st.booleans())  # half the files have only valid cells and headers, so some import
    table = ita_columns()
    required = [r for r in table.itertuples() if r.required in ("yes", "conditional")]
    optional = [r for r in table.itertuples() if r.required not in ("yes", "conditional")]
    chosen = required + draw(st.lists(st.sampled_from(optional), unique_by=lambda r: r.field, max_size=6))
    if not clean and draw(st.integers(0, 9)) == 0:
        chosen.remove(draw(st.sampled_from(required)))
    header = [draw(st.sampled_from(_spellings(r))) for r in chosen]
    header, fields = mutate_header(draw, header, [r.field for r in chosen], junk_header(JUNK_HEADER, native), clean)
    valid = ITA_VALID | {"province": st.sampled_from([p for p in PROVINCE_NAMES if p])} if clean else ITA_VALID
    grid = draw(grid_of(header, valid, fields, native, clean))
    if clean:
        unique_keys(
            draw, grid, fields, "agency_code", st.lists(ITA_VALID["agency_code"], min_size=5, max_size=5, unique=True)
        )
    return grid


# --- CPI ------------------------------------------------------------------------------------------

SOURCE_NAMES = sorted(set(reference.cpi_source_lookup().values()))[:6]
CPI_YEARS = list(range(2012, 2028))
#: Mostly years TI scored on today's 0–100 scale; sometimes one before 2012 or in the future.
CPI_HEADER_YEARS = st.one_of(
    st.sampled_from(CPI_YEARS),
    st.sampled_from(CPI_YEARS),
    st.sampled_from(CPI_YEARS),
    st.sampled_from([2010, 2011, 2030, 9999]),
)
CPI_VALID = {
    "iso3": st.one_of(
        st.sampled_from(["THA", "atl", "VNM", "LAO", "SGP", "MYS", "KHM", "MMR"]),
        st.text(alphabet=string.ascii_letters, min_size=3, max_size=3),
    ),
    "country": st.sampled_from(["Thailand", "Atlantis", "Viet Nam", "ไทย", "Côte d'Ivoire", "Korea, South"]),
    "region": st.sampled_from(["AP", "ECA", "", "WE/EU"]),
    "year": st.one_of(st.sampled_from(CPI_YEARS).map(str), st.sampled_from(["2024.0", "2019", "2011"])),
    "score": st.one_of(numeric_text(0, 100), numeric_text(0, 100), st.sampled_from(["41,5", ""])),
    "rank": st.one_of(
        st.integers(1, 200).map(str),
        st.integers(1, 200).map(str),
        st.just(""),
        st.sampled_from([str(2**31), str(2**63), "1e30"]),
    ),
    "standard_error": st.one_of(numeric_text(0, 5, 3), st.just("1,09")),
    "sources": st.integers(1, 13).map(str),
    "lower_ci": numeric_text(0, 100, 3),
    "upper_ci": numeric_text(0, 100, 3),
    "source": st.one_of(numeric_text(0, 100), st.just("")),
}
CPI_JUNK_HEADER = st.one_of(
    JUNK_HEADER,
    st.sampled_from(
        [
            "Country 2020",
            "ISO3 2023",
            "Year 2024",
            "CPI score 2011",
            "CPI score 9999",
            "Region 2024",
            "ISO3",
            "CPI score",
            "Rank 2023",
            "CPI score 2024 2025",
            "cpi score ๒๐๒๔",
        ]
    ),
)
_EXTRA = {
    "Rank": "rank",
    "Standard error": "standard_error",
    "Number of sources": "sources",
    "Lower CI": "lower_ci",
    "Upper CI": "upper_ci",
}


@st.composite
def cpi_grid(draw, native: bool = False) -> list[list[object]]:
    clean = draw(st.booleans())  # half the files have only valid cells and headers, so some import
    layout = draw(st.sampled_from(["timeseries", "historical", "single_year"]))
    header = ["Country / Territory", "ISO3", "Region"]
    fields: list[str | None] = ["country", "iso3", "region"]
    extras = draw(st.lists(st.sampled_from(sorted(_EXTRA)), unique=True, max_size=5))
    if layout == "historical":
        header += ["Year", "CPI score"]
        fields += ["year", "score"]
    if layout in ("historical", "single_year"):
        header += extras
        fields += [_EXTRA[e] for e in extras]
        sources = draw(st.lists(st.sampled_from(SOURCE_NAMES), unique=True, max_size=3))
        header += sources
        fields += ["source"] * len(sources)
    years = draw(
        st.lists(st.sampled_from(CPI_YEARS) if clean else CPI_HEADER_YEARS, min_size=1, max_size=3, unique=True)
    )
    if layout == "single_year":
        header.insert(3, draw(st.sampled_from([f"CPI {years[0]} score", f"CPI score {years[0]}"])))
        fields.insert(3, "score")
    elif layout == "timeseries":
        for year in years:
            header += [f"CPI score {year}", *(f"{e} {year}" for e in extras)]
            fields += ["score", *(_EXTRA[e] for e in extras)]
    if not clean and draw(st.integers(0, 9)) == 0:  # lose Country, ISO3 or Region, or give it a year
        at = draw(st.integers(0, 2))
        if draw(st.booleans()):
            del header[at], fields[at]
        else:
            header[at] = f"{header[at]} {draw(st.sampled_from(years))}"
    header, fields = mutate_header(draw, header, fields, junk_header(CPI_JUNK_HEADER, native), clean)
    valid = (CPI_VALID | {"score": numeric_text(0, 100), "rank": st.integers(1, 200).map(str)}) if clean else CPI_VALID
    grid = draw(grid_of(header, valid, fields, native, clean))
    if clean:
        unique_keys(draw, grid, fields, "iso3", st.permutations(["THA", "atl", "VNM", "LAO", "SGP", "MYS"]))
    preamble = draw(st.lists(st.lists(WILD_TEXT, max_size=3), max_size=3))
    if not clean and draw(st.integers(0, 9)) == 0:
        preamble += [[]] * 9  # the header below the rows scanned for it
    return preamble + grid


# --- indicators -----------------------------------------------------------------------------------

IND_VALID = {
    "year": st.one_of(
        st.sampled_from(["2567", "2568", "2024", "2025", "1999", "2100.0", "๒๕๖๘", " 2443 "]),
        st.integers(1900, 2100).map(str),
        st.integers(2443, 2643).map(str),
    ),
    "province": st.sampled_from([p for p in PROVINCE_NAMES if p] + ["Bangkok", "10"]),
    "value": st.one_of(
        st.floats(allow_nan=False, allow_infinity=False).map(repr),
        st.integers(-(10**30), 10**30).map(str),
        st.sampled_from(["1,200", "1,234,567.5", "", "-0.5", "1e300", ".5"]),
    ),
}
_NAMES = st.sampled_from(
    ["ดัชนีเสรีภาพสื่อ", "GDP per capita", "x", "รายได้ (บาท)", "=1+1", "@SUM(A1)", "a,b", "line\nbreak", 'say "hi"']
)
INDICATOR_NAMES = st.one_of(
    _NAMES,
    _NAMES,
    _NAMES,
    _NAMES,
    st.text(min_size=1, max_size=20),
    THAI,
    st.sampled_from(["X", "ปี", "year", "จังหวัด", "ก" * 80, "ก" * 81, " ", "x" * 5000]),
)


@st.composite
def indicator_grid(draw, native: bool = False) -> list[list[object]]:
    clean = draw(st.booleans())  # half the files have only valid cells and headers, so some import
    header = [draw(st.sampled_from(["ปี", "year", "Year", "ปีงบประมาณ", "พ.ศ.", "ค.ศ.", "fiscal year"]))]
    fields: list[str | None] = ["year"]
    if draw(st.booleans()):
        header.append(draw(st.sampled_from(["จังหวัด", "province", "Province", "รหัสจังหวัด", "changwat"])))
        fields.append("province")
    names = draw(
        st.lists(_NAMES if clean else INDICATOR_NAMES, min_size=1, max_size=3, unique_by=lambda n: n.strip().casefold())
    )
    header += names
    fields += ["value"] * len(names)
    header, fields = mutate_header(draw, header, fields, junk_header(JUNK_HEADER, native), clean)
    valid = IND_VALID | {"value": IND_VALID["value"].filter(bool)} if clean else IND_VALID
    grid = draw(grid_of(header, valid, fields, native, clean))
    if clean:  # distinct years, B.E. or C.E.
        start, be = draw(st.integers(1900, 2095)), draw(st.booleans())
        unique_keys(draw, grid, fields, "year", st.just([str(start + r + 543 * be) for r in range(5)]))
    return grid


GRIDS = {"ita": ita_grid, "cpi": cpi_grid, "indicator": indicator_grid}
