"""Every page in a real browser (Debian's Chromium) against one real `streamlit run` on loopback: each page loads in
each language without an exception, its main chart (or table, or file uploader) is drawn, the synthetic-data badge and
language choice are shown, a full-page screenshot of every page is saved to tests/screenshots/, and Thai is drawn with
the app's Sarabun web font. Charts' numbers are AppTest's job (tests/test_app_*.py).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_app_support import (
    DEMO_AGENCY,
    LANG_LABELS,
    PAGES,
    TIMEOUT_MS,
    WITHOUT_AGENCY_DATA,
    address,
    open_page,
    save_screenshot,
    sidebar,
    title,
)
from browser_support import PROJECT, streamlit_server
from playwright.sync_api import expect

from ita_analytics import i18n

expect.set_options(timeout=TIMEOUT_MS)

FONTS = PROJECT / "static" / "fonts"


@pytest.fixture(scope="module")
def server(demo_db) -> Iterator[str]:
    with streamlit_server(demo_db) as base_url:
        yield base_url


# --- every page, both languages -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_page_loads_and_draws(server, page, name, lang):
    try:
        open_page(page, address(server, name, lang), name, lang)
        other = "en" if lang == "th" else "th"
        expect(title(page, name, other)).to_have_count(0)
        badge = page.locator('[data-testid="stAlert"]').filter(has_text=i18n.t("synthetic_badge", lang)[:40])
        if name in WITHOUT_AGENCY_DATA:
            expect(badge).to_have_count(0)
        else:
            expect(badge).to_be_visible()
        expect(sidebar(page).get_by_role("radio", name=LANG_LABELS[lang])).to_be_checked()
        assert ("lang=en" in page.url) == (lang == "en")
        if name == "overview":
            assert re.fullmatch(rf"{re.escape(server)}/(\?lang=en)?", page.url), page.url
        if name == "agency":  # the link keeps naming its agency, so it can be shared again
            expect(page).to_have_url(re.compile(rf"[?&]agency={DEMO_AGENCY}(&|$)"))
            expect(page.get_by_role("heading", level=3).first).to_be_visible()
        if name == "data":
            expect(page.get_by_text("CC BY-ND 4.0").first).to_be_visible()
    finally:  # also when it failed: the picture shows what went wrong
        save_screenshot(page, f"{name}_{lang}.png")


# --- Thai text ------------------------------------------------------------------------------------


def families_covering_thai(*files: Path) -> set[str]:
    """Families fontconfig says cover Thai: installed ones (fonts-thai-tlwg) and the given font files."""
    listing = subprocess.run(["fc-list", ":lang=th", "family"], capture_output=True, text=True, check=True).stdout
    families = {name.strip() for line in listing.splitlines() for name in line.split(",") if name.strip()}
    for file in files:
        family, _, langs = subprocess.run(
            ["fc-query", "-f", "%{family[0]}\t%{lang}\n", str(file)], capture_output=True, text=True, check=True
        ).stdout.partition("\t")
        if "th" in langs.strip().split("|"):
            families.add(family.strip())
    return families


def test_thai_is_drawn_with_the_app_s_sarabun_font(server, page):
    regular = FONTS / "Sarabun-Regular.ttf"
    assert regular.is_file(), (
        f"{regular} is missing: the app serves Sarabun from static/fonts; "
        "run `make test` or `.venv/bin/python tools/install_fonts.py`"
    )
    thai_families = families_covering_thai(regular)
    assert "Sarabun" in thai_families, f"{regular} does not cover Thai: {sorted(thai_families)}"
    open_page(page, address(server, "data"), "data", "th")
    heading = title(page, "data", "th")
    box = heading.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 10, box

    loaded = page.evaluate("""async () => {
        await document.fonts.ready;
        return {check: document.fonts.check('16px Sarabun', 'ก'),
                faces: [...document.fonts].filter(f => f.family.replace(/["']/g, '') === 'Sarabun')
                                          .map(f => `${f.weight}:${f.status}`)};
    }""")
    assert loaded["check"], f"Sarabun is not ready for Thai text: {loaded}"
    assert any(face.endswith(":loaded") for face in loaded["faces"]), (
        f"no Sarabun face loaded from /app/static/fonts: {loaded['faces']}"
    )

    # Ask Chromium which fonts it actually used for the title's glyphs.
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": '[data-testid="stMain"] h1'})["nodeId"]
    assert node, "title <h1> not found"
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    used = {font["familyName"]: font["glyphCount"] for font in fonts}
    glyphs = len(i18n.t("coverage_title", "th").replace(" ", ""))
    thai_glyphs = sum(count for family, count in used.items() if family in thai_families)
    assert thai_glyphs >= glyphs, (
        f"the Thai title is not drawn with a Thai font; fonts used: {used}, Thai fonts: {sorted(thai_families)}"
    )
    assert used.get("Sarabun", 0) >= glyphs, f"the Thai title is not drawn with Sarabun; fonts used: {used}"


# --- FY2022: the last year of the AA–F scheme ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("name", [name for name, (_, _, with_year, _) in PAGES.items() if with_year])
def test_a_page_of_fy2022_draws(server, page, name, lang):
    """FY2022 was rated AA–F with the EIT whole; the pages titled by their year draw it as they draw FY2025."""
    url = address(server, name, lang)
    try:
        open_page(page, url + ("&" if "?" in url else "?") + "year=2022", name, lang, 2022)
        expect(title(page, name, lang, 2022)).to_be_visible()
        if name == "overview":  # the year's own scheme in the rating chart's legend: AA, not ผ่านดีเยี่ยม
            expect(page.locator('[data-testid="stMain"] .legend').get_by_text("AA", exact=True).first).to_be_attached()
    finally:
        save_screenshot(page, f"{name}_{lang}_fy2022.png")
