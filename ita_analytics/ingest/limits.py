"""How much of an input file any importer reads: every cap in one place (docs/importing.md, "Limits").

The numbers are generous for real files: a whole year of ITA results is 8,325 rows × ~30 columns (the benchmark
imports ten times that), and TI's largest workbook (CPI2025_Results.xlsx) is 3 MB, ~2,500 rows × 76 columns.
A file beyond any of them is refused with a problem naming the file and the limit; nothing is read past it.
"""

from __future__ import annotations

MB = 1 << 20

#: Bytes of one input file (CSV or workbook), checked before anything is read.
MAX_FILE_BYTES = 50 * MB
#: Rows of one sheet or CSV file, the header included.
MAX_ROWS = 200_000
#: Columns of one sheet or CSV file.
MAX_COLUMNS = 1_000
#: Cells of one sheet (its rows × its columns, as the reader lays them out) or of one CSV file.
MAX_CELLS = 5_000_000
#: Problems kept in full; beyond them only a count is kept ("… and K more").
MAX_PROBLEMS = 200
#: Warnings kept in full; beyond them only a count is kept.
MAX_WARNINGS = 200
#: Rows named when a file mixes UTF-8 with another encoding.
MAX_ROWS_NAMED = 20
#: Bytes of one CSV field (csv's own default, kept: a longer one is almost always an unclosed quote).
CSV_FIELD_BYTES = 128 * 1024

# Workbooks (.xlsx, .xlsm, .ods and .xlsb are zip files; .xls is not) ----------------------------------------

#: Entries in a workbook's zip (TI's 15-sheet workbooks have 35–50).
MAX_ZIP_ENTRIES = 5_000
#: Bytes of all a workbook's zip entries once uncompressed (a tenfold ITA year written by openpyxl: 146 MB).
MAX_UNCOMPRESSED_BYTES = 1024 * MB
#: Uncompressed ÷ compressed size of one entry (real sheets: 7–24); checked for entries over RATIO_FLOOR_BYTES.
MAX_ZIP_RATIO = 100
RATIO_FLOOR_BYTES = 1 * MB
#: Address space of the child process that parses a workbook (a tenfold ITA year peaks near 700 MB).
WORKBOOK_MEMORY_BYTES = 2048 * MB
#: Seconds the child process may take (a tenfold ITA year takes about 5 s on a 2-core machine).
WORKBOOK_SECONDS = 60
#: Bytes of the sheets the child sends back (a tenfold ITA year: 34 MB).
MAX_GRID_BYTES = 256 * MB

# Web pages (.html, .htm): file bytes, rows, columns and cells as above, and ------------------------------------

#: Seconds a page may take to parse (a whole year of ITA results as a 1.8 MB page takes 0.25 s; 50 MB about 7 s).
HTML_SECONDS = 30
