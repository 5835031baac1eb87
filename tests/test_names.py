"""Agency names as published tables write them (ita_analytics/ingest/names.py): one key for every way of writing one
agency, apart for another type, place or province; the type, province and district a name says."""

from __future__ import annotations

import math
import subprocess
import sys
import unicodedata

import geothai
import pytest
from conftest import PROJECT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ita_analytics.ingest import names

SAO = "50|องค์การบริหารส่วนตำบลบ้านใหม่"
SM = "50|เทศบาลตำบลบ้านใหม่"
TOWN = "50|เทศบาลเมืองแม่เหียะ"
CITY = "50|เทศบาลนครเชียงใหม่"
PAO = "50|องค์การบริหารส่วนจังหวัดเชียงใหม่"
ZW = "\u200b"  # zero-width space

# name, province given, key, type_from_name, province_from_name, district_from_name
CASES = [
    # an SAO: spelled out, misspelt, abbreviated with and without dots and spaces, hidden characters, qualifiers
    ("องค์การบริหารส่วนตำบลบ้านใหม่", "50", SAO, "sao", None, None),
    ("อบต.บ้านใหม่", "50", SAO, "sao", None, None),
    ("อบต. บ้านใหม่", "50", SAO, "sao", None, None),
    ("อบต บ้านใหม่", "50", SAO, "sao", None, None),
    ("อบตบ้านใหม่", "50", SAO, "sao", None, None),
    ("อ.บ.ต.บ้านใหม่", "50", SAO, "sao", None, None),
    ("องค์กรบริหารส่วนตำบลบ้านใหม่", "50", SAO, "sao", None, None),  # องค์กร for องค์การ
    ("องค์การบริหารส่วนตําบลบ้านใหม่", "50", SAO, "sao", None, None),  # ํา for ำ, as PDFs copy it
    (f"อบต.บ้าน{ZW}ใหม่", "50", SAO, "sao", None, None),
    ("\u200bอบต.\ufeffบ้านใหม่\u2060", "50", SAO, "sao", None, None),
    ("อบต.บ้านใหม่ จ.เชียงใหม่", "50", SAO, "sao", "50", None),
    ("อบต.บ้านใหม่ จังหวัดเชียงใหม่", "50", SAO, "sao", "50", None),
    ("อบต.บ้านใหม่ เชียงใหม่", "50", SAO, "sao", None, None),  # the province given, bare
    ("อบต.บ้านใหม่ (อ.เมือง)", "50", SAO, "sao", None, "เมือง"),
    ("อบต.บ้านใหม่ อ. สันทราย", "50", SAO, "sao", None, "สันทราย"),
    ("  อบต.บ้านใหม่\tอำเภอเมืองเชียงใหม่  จังหวัดเชียงใหม่ ", "50", SAO, "sao", "50", "เมืองเชียงใหม่"),
    ("อบต.บ้านใหม่อ.เมืองจ.เชียงใหม่", "50", SAO, "sao", "50", "เมือง"),
    ("อบต.บ้านใหม่ จ.ลำพูน", "50", SAO + "จังหวัดลำพูน", "sao", "51", None),  # another province stays
    ("อบต.บ้านใหม่", "51", "51|องค์การบริหารส่วนตำบลบ้านใหม่", "sao", None, None),
    # municipalities of the three kinds, and a PAO, every spelling
    ("เทศบาลตำบลบ้านใหม่", "50", SM, "subdistrict_municipality", None, None),
    ("ทต.บ้านใหม่", "50", SM, "subdistrict_municipality", None, None),
    ("ทต บ้านใหม่", "50", SM, "subdistrict_municipality", None, None),
    ("ทต. บ้านใหม่", "50", SM, "subdistrict_municipality", None, None),
    ("ทตบ้านใหม่", "50", SM, "subdistrict_municipality", None, None),
    ("ท.ต. บ้านใหม่", "50", SM, "subdistrict_municipality", None, None),
    ("เทศบาลเมืองแม่เหียะ", "50", TOWN, "town_municipality", None, None),
    ("ทม.แม่เหียะ", "50", TOWN, "town_municipality", None, None),
    ("ทม แม่เหียะ", "50", TOWN, "town_municipality", None, None),
    ("ทม. แม่เหียะ", "50", TOWN, "town_municipality", None, None),
    ("ทมแม่เหียะ", "50", TOWN, "town_municipality", None, None),
    ("เทศบาลนครเชียงใหม่", "50", CITY, "city_municipality", None, None),  # named after its province: kept
    ("ทน.เชียงใหม่", "50", CITY, "city_municipality", None, None),
    ("ทน เชียงใหม่", "50", CITY, "city_municipality", None, None),
    ("ทน. เชียงใหม่", "50", CITY, "city_municipality", None, None),
    ("ทนเชียงใหม่", "50", CITY, "city_municipality", None, None),
    ("องค์การบริหารส่วนจังหวัดเชียงใหม่", "50", PAO, "pao", "50", None),
    ("อบจ.เชียงใหม่", "50", PAO, "pao", "50", None),
    ("อบจ. เชียงใหม่", "50", PAO, "pao", "50", None),
    ("อบจเชียงใหม่", "50", PAO, "pao", "50", None),
    ("อบจ เชียงใหม่", "50", PAO, "pao", "50", None),
    ("อบจ.เชียงใหม่ จ.เชียงใหม่", "50", PAO, "pao", "50", None),
    ("เทศบาลตำบลบ้านตาก", "63", "63|เทศบาลตำบลบ้านตาก", "subdistrict_municipality", None, None),  # a place
    ("อบต.บ้านตาก จ.ตาก", "63", "63|องค์การบริหารส่วนตำบลบ้านตาก", "sao", "63", None),
    # the province's office, the special local bodies
    ("จังหวัดเชียงใหม่", "50", "50|จังหวัดเชียงใหม่", "province", "50", None),
    ("จ.เชียงใหม่", "50", "50|จังหวัดเชียงใหม่", "province", "50", None),
    ("จังหวัด เชียงใหม่", None, "|จังหวัดเชียงใหม่", "province", "50", None),
    ("กรุงเทพมหานคร", "10", "10|กรุงเทพมหานคร", "special_local", "10", None),
    ("กรุงเทพฯ", "10", "10|กรุงเทพมหานคร", "special_local", "10", None),
    ("กทม.", "10", "10|กรุงเทพมหานคร", "special_local", "10", None),
    ("Bangkok Metropolitan Administration", "10", "10|กรุงเทพมหานคร", "special_local", "10", None),
    ("เมืองพัทยา จ.ชลบุรี", "20", "20|เมืองพัทยา", "special_local", "20", None),
    ("เมืองพัทยา จ.ชลบุรี", None, "|เมืองพัทยาจังหวัดชลบุรี", "special_local", "20", None),
    # central agencies of every type the name says
    ("กรมบัญชีกลาง", None, "|กรมบัญชีกลาง", "department", None, None),
    ("สำนักงานปลัดกระทรวงมหาดไทย", None, "|สำนักงานปลัดกระทรวงมหาดไทย", "department", None, None),
    ("สำนักงานตำรวจแห่งชาติ", None, "|สำนักงานตำรวจแห่งชาติ", "department", None, None),
    ("มหาวิทยาลัยเชียงใหม่", "50", "50|มหาวิทยาลัยเชียงใหม่", "university", None, None),  # not local: kept
    (
        "สถาบันเทคโนโลยีพระจอมเกล้าเจ้าคุณทหารลาดกระบัง",
        None,
        "|สถาบันเทคโนโลยีพระจอมเกล้าเจ้าคุณทหารลาดกระบัง",
        "university",
        None,
        None,
    ),
    ("มหาวิทยาลัยเทคโนโลยีพระจอมเกล้าฯ ธนบุรี", None, "|มหาวิทยาลัยเทคโนโลยีพระจอมเกล้าธนบุรี", "university", None, None),
    ("กองทุนเงินให้กู้ยืมเพื่อการศึกษา", None, "|กองทุนเงินให้กู้ยืมเพื่อการศึกษา", "fund", None, None),
    ("สำนักงาน ป.ป.ช.", None, "|สำนักงานปปช", "independent", None, None),
    ("สำนักงานศาลยุติธรรม", None, "|สำนักงานศาลยุติธรรม", "court", None, None),
    ("สำนักงานอัยการสูงสุด", None, "|สำนักงานอัยการสูงสุด", "prosecutor", None, None),
    ("สำนักงานเลขาธิการวุฒิสภา", None, "|สำนักงานเลขาธิการวุฒิสภา", "parliament", None, None),
    ("การไฟฟ้าส่วนภูมิภาค", None, "|การไฟฟ้าส่วนภูมิภาค", "state_enterprise", None, None),
    # what a name does not say: no type, and no guess
    ("หน่วยงานของรัฐอื่น ๆ", None, "|หน่วยงานของรัฐอื่นๆ", None, None, None),
    ("สพป.เชียงใหม่ เขต ๑", "50", "50|สพปเชียงใหม่เขต1", None, None, None),  # Thai digits as ASCII
    ("สพป.เชียงใหม่ เขต 1", "50", "50|สพปเชียงใหม่เขต1", None, None, None),
    ("สำนักงานสาธารณสุขจังหวัดเชียงใหม่", "50", "50|สำนักงานสาธารณสุข", None, "50", None),
    ("สำนักงานสาธารณสุขจังหวัดเชียงใหม่", None, "|สำนักงานสาธารณสุขจังหวัดเชียงใหม่", None, "50", None),
    ("กรมทหารราบที่ 7", None, "|กรมทหารราบที่7", None, None, None),  # a regiment, not a department
    ("ทนายความ", None, "|ทนายความ", None, None, None),  # ทน without its dot, then a vowel: not ทน.
    ("ม.อ. วิทยาเขตปัตตานี", "94", "94|มอวิทยาเขตปัตตานี", None, None, None),  # ม.อ. is no district
    ("Chiang Mai University", None, "|chiangmaiuniversity", None, None, None),
    ("CHIANG  MAI UNIVERSITY", None, "|chiangmaiuniversity", None, None, None),
    ("", "50", "50|", None, None, None),
]


@pytest.mark.parametrize("name, province, key, kind, named_province, district", CASES)
def test_each_spelling_reads_as_published(name, province, key, kind, named_province, district):
    assert names.identity_key(name, province) == key
    assert names.type_from_name(name) == kind
    assert names.province_from_name(name) == named_province
    assert names.district_from_name(name) == district


def test_the_cases_cover_every_type_a_name_can_say_and_each_abbreviation():
    kinds = {kind for _, _, _, kind, _, _ in CASES}
    assert set(names.TYPE_WORDS) | {"province", "special_local", "department", "university", "fund"} <= kinds
    spelled = " ".join(name for name, *_ in CASES)
    for letters in names.ABBREVIATIONS.values():  # with and without the dot, with and without a space
        assert all(form in spelled for form in (f"{letters}.", f"{letters}. ", f"{letters} ")), letters
        assert any(name.startswith(letters) and name[len(letters)] not in ". " for name, *_ in CASES), letters


def test_the_key_reads_the_province_given_in_any_form_and_refuses_what_is_none():
    assert names.identity_key("อบต.บ้านใหม่", "เชียงใหม่") == names.identity_key("อบต.บ้านใหม่", "Chiang Mai") == SAO
    for missing in (None, "", "  ", math.nan):
        assert names.identity_key("อบต.บ้านใหม่", missing) == "|องค์การบริหารส่วนตำบลบ้านใหม่"
    with pytest.raises(ValueError, match="Atlantis"):
        names.identity_key("อบต.บ้านใหม่", "Atlantis")


def test_clean_name_keeps_the_name_as_written_without_what_cannot_be_seen():
    assert names.clean_name("  อบต.บ้าน\u200bใหม่\n จ.เชียงใหม่\u00a0") == "อบต.บ้านใหม่ จ.เชียงใหม่"
    assert names.clean_name("สพป.เชียงใหม่ เขต ๑") == "สพป.เชียงใหม่ เขต ๑"  # Thai digits kept
    assert names.clean_name("Cafe\u0301\u202e\x00") == "Café"  # NFC; a direction override and NUL gone
    assert names.clean_name("ทต.\ufeffแม่ทา\u2060") == "ทต.แม่ทา"


def test_pythainlp_is_loaded_only_when_a_name_is_read():
    code = (
        "import sys, ita_analytics, ita_analytics.ingest.names, ita_analytics.ingest.html_table, "
        "ita_analytics.charts.theme; print('pythainlp' in sys.modules)"
    )
    loaded = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True)
    assert loaded.stdout.strip() == "False", loaded.stderr


# --- properties ----------------------------------------------------------------------------------------------

PLACES = sorted(
    {s.name_th for d in geothai.districts("50") for s in geothai.subdistricts(d.code)}
    | {s.name_th for d in geothai.districts("40") for s in geothai.subdistricts(d.code)}
)
#: Every way a local type word is written at the start of a name.
SPELLINGS = {
    code: [word, letters + ".", letters + ". ", ".".join(letters) + ".", letters + " "]
    for code, word in names.TYPE_WORDS.items()
    for letters in [names.ABBREVIATIONS[code]]
}
QUALIFIERS = ["", " จ.เชียงใหม่", " จังหวัดเชียงใหม่", " อ.เมือง", " อำเภอสันทราย จังหวัดเชียงใหม่", " (อ.ฝาง)"]
HIDDEN = [" ", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00a0", "\t"]
THAI = "".join(chr(c) for c in range(0x0E01, 0x0E5C) if unicodedata.category(chr(c)) != "Cn")
ANY_TEXT = st.text(alphabet=THAI + "abcXYZ .()-ฯๆ" + "".join(HIDDEN), max_size=40)
PROVINCES = st.sampled_from([None, "50", "10", "63"])
PROPERTIES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def agency_names(draw) -> tuple[str, str]:
    """Return a local body's name as tables write it, and its type."""
    kind = draw(st.sampled_from(sorted(SPELLINGS)))
    return draw(st.sampled_from(SPELLINGS[kind])) + draw(st.sampled_from(PLACES)) + draw(
        st.sampled_from(QUALIFIERS)
    ), kind


def _insert(draw, text: str) -> str:
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(HIDDEN)) + text[at:]
    return text


@PROPERTIES
@given(ANY_TEXT, PROVINCES)
def test_the_key_of_a_cleaned_name_is_the_key_of_the_name(text, province):
    assert names.identity_key(names.clean_name(text), province) == names.identity_key(text, province)
    assert names.clean_name(names.clean_name(text)) == names.clean_name(text)


@PROPERTIES
@given(st.data(), PROVINCES)
def test_spaces_and_hidden_characters_anywhere_change_no_key(data, province):
    name, _ = data.draw(agency_names())
    for text in (name, data.draw(ANY_TEXT)):
        assert names.identity_key(_insert(data.draw, text), province) == names.identity_key(text, province)
        assert names.type_from_name(_insert(data.draw, text)) == names.type_from_name(text)


@PROPERTIES
@given(st.data(), PROVINCES)
def test_every_spelling_of_a_type_gives_one_key_and_another_type_another(data, province):
    place = data.draw(st.sampled_from(PLACES))
    qualifier = data.draw(st.sampled_from(QUALIFIERS))
    one, other = data.draw(st.lists(st.sampled_from(sorted(SPELLINGS)), min_size=2, max_size=2, unique=True))
    keys = {names.identity_key(spelling + place + qualifier, province) for spelling in SPELLINGS[one]}
    assert keys == {names.identity_key(names.TYPE_WORDS[one] + place + qualifier, province)}
    assert names.identity_key(data.draw(st.sampled_from(SPELLINGS[other])) + place + qualifier, province) not in keys
    assert names.type_from_name(data.draw(st.sampled_from(SPELLINGS[one])) + place + qualifier) == one


def test_a_hostile_name_is_read_in_linear_time():
    for name in ("จ." * 60_000, "อ.ก" * 40_000, "ํา" * 60_000, ("า" * 50 + " ") * 2_000, "อบต." * 30_000):
        assert names.identity_key(name, "50").startswith("50|") and names.type_from_name(name) in (None, "sao")
    # (no timed assertion: PyThaiNLP alone took 47 s on the third and 127 s on the fourth, which --durations shows)
