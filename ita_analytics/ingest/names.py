"""Thai agency names as published ITA tables write them, read so that one agency matches in every file and year.

Published tables carry no agency codes and write names every way: spelled out or abbreviated, with the province or
district after the name, with ฯ, stray spaces, zero-width characters and Thai digits. Thai text is normalised by
PyThaiNLP (loaded on first use: ita_analytics/thainlp.py).

`clean_name` is the name to store and show. `identity_key(name, province_code)` is "<province code>|<name>", the
name read as follows (the same agency's spellings give one key):
- NFC; spaces, zero-width and other format or control characters, brackets, quotes, dashes and dots removed; Latin
  case folded; Thai digits as ASCII; PyThaiNLP's normalize (เเ → แ, ํา → ำ, tone marks after vowels, doubled
  vowels once);
- a leading type word, spelled out, misspelt (องค์กร…) or abbreviated with or without dots (อบต. อ.บ.ต. อบต, and
  อบจ. ทต. ทม. ทน.; without a dot only when no vowel or mark follows: ทนาย is not ทน.), is spelled out;
- a trailing district ("อ.X", "อำเภอX") is dropped, and a trailing province ("จ.X", "จังหวัดX") too when it is the
  province given; another province stays, as จังหวัด and its name (so the same name without a province is never
  every province's office). A local body's name ending in the given province's bare name drops it too
  ("อบต.บ้านใหม่ เชียงใหม่"), unless the whole is a place of that province (บ้านตาก in Tak);
- กรุงเทพฯ and กทม. are กรุงเทพมหานคร; any other ฯ (the rest of a long name left out) is dropped; ๆ is kept;
- a province's own office (จังหวัดX, จ.X) is จังหวัด and the province's name.
It keeps apart what differs otherwise: another type word (อบต. and ทต. of one place), another province, another
name (the province in a key is the one given, so the same name in two provinces is two keys).

`type_from_name` gives the type a name implies (NAME_RULES and the local type words); `province_from_name` and
`district_from_name` what a trailing qualifier says.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from .. import reference, thainlp

#: The local types whose names begin with a type word, by the word spelled out (the form identity keys use).
TYPE_WORDS: dict[str, str] = {
    "pao": "องค์การบริหารส่วนจังหวัด",
    "city_municipality": "เทศบาลนคร",
    "town_municipality": "เทศบาลเมือง",
    "subdistrict_municipality": "เทศบาลตำบล",
    "sao": "องค์การบริหารส่วนตำบล",
}
#: Their abbreviations' letters; a dot may follow each letter (อบต., อ.บ.ต., อบต).
ABBREVIATIONS: dict[str, str] = {
    "pao": "อบจ",
    "city_municipality": "ทน",
    "town_municipality": "ทม",
    "subdistrict_municipality": "ทต",
    "sao": "อบต",
}
#: Common misspellings of the type words (องค์กร for องค์การ).
_MISSPELT: dict[str, tuple[str, ...]] = {
    "pao": ("องค์กรบริหารส่วนจังหวัด",),
    "sao": ("องค์กรบริหารส่วนตำบล",),
}
#: Vowels and marks written after a consonant: an abbreviation without its dot is not one when one follows it
#: ("ทนาย", "ทมิฬ").
_FOLLOWING = "\u0e30-\u0e3a\u0e45-\u0e4e"
_PREFIX = re.compile(
    "|".join(
        f"(?P<{code}>"
        + "|".join(re.escape(word) for word in (TYPE_WORDS[code], *_MISSPELT.get(code, ())))
        + "|"
        + r"\.?".join(ABBREVIATIONS[code])
        + rf"(?:\.|(?![{_FOLLOWING}])))"
        for code in TYPE_WORDS
    )
)
_PROVINCE_MARKS = ("จังหวัด", "จ.")
#: Trailing qualifiers read at most (อ.X จ.Y is two), and how far from the end a province's mark is looked for (the
#: longest, "จ.PhraNakhonSiAyutthaya" without its spaces, is 23 characters): a hostile name costs linear time.
MAX_QUALIFIERS = 4
PROVINCE_TAIL = 40
#: Names longer than this (no agency's is a tenth as long) are not normalised by PyThaiNLP, whose vowel reordering
#: takes quadratic time in a run of vowels (a 128 kB cell of them: minutes).
NORMALISED_CHARS = 1_000
_DISTRICT_MARKS = ("อำเภอ", "อ.")
#: Brackets, quotes and dashes: "อบต.บ้านใหม่ (อ.เมือง)" is "อบต.บ้านใหม่ อ.เมือง".
_PUNCTUATION = re.compile(r"[()\[\]{}\"'‘’“”\-‐‑–—]")
#: The special local bodies by every name they go by (dots and spaces removed, case folded), with their province.
SPECIAL_LOCAL: dict[str, str] = {"กรุงเทพมหานคร": "10", "เมืองพัทยา": "20"}
_SPECIAL_ALIASES: dict[str, str] = {
    "กทม": "กรุงเทพมหานคร",
    "bangkokmetropolitanadministration": "กรุงเทพมหานคร",
    "pattayacity": "เมืองพัทยา",
}

#: What a name's beginning (or, marked exact, the whole name) says about its type; the longest match wins, and
#: None means "not known" (กรมทหาร… is a military unit, not a department). Names are compared with spaces and dots
#: removed. Only what is clear: the department-level offices not named กรม… are those NACC lists as
#: ส่วนราชการระดับกรม; the four central groups of 1–5 agencies each are named in full.
NAME_RULES: tuple[tuple[str, str | None, bool], ...] = (
    ("กรม", "department", False),
    ("กรมทหาร", None, False),
    ("สำนักงานปลัดกระทรวง", "department", False),
    ("สำนักงานปลัดสำนักนายกรัฐมนตรี", "department", False),
    ("สำนักงานรัฐมนตรี", "department", False),
    *(
        (name, "department", True)
        for name in (
            "กองทัพบก",
            "กองทัพเรือ",
            "กองทัพอากาศ",
            "กองบัญชาการกองทัพไทย",
            "สำนักงานตำรวจแห่งชาติ",
            "สำนักเลขาธิการนายกรัฐมนตรี",
            "สำนักเลขาธิการคณะรัฐมนตรี",
            "สำนักข่าวกรองแห่งชาติ",
            "สำนักงบประมาณ",
            "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ",
            "สำนักงานสภาความมั่นคงแห่งชาติ",
            "สำนักงานคณะกรรมการกฤษฎีกา",
            "สำนักงานคณะกรรมการข้าราชการพลเรือน",
            "สำนักงานคณะกรรมการพัฒนาระบบราชการ",
            "สำนักงานพระพุทธศาสนาแห่งชาติ",
            "สำนักงานคณะกรรมการพิเศษเพื่อประสานงานโครงการอันเนื่องมาจากพระราชดำริ",
            "สำนักงานคณะกรรมการอาหารและยา",
            "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน",
            "สำนักงานคณะกรรมการการอาชีวศึกษา",
            "สำนักงานปรมาณูเพื่อสันติ",
            "สำนักงานเศรษฐกิจการเกษตร",
            "สำนักงานการปฏิรูปที่ดินเพื่อเกษตรกรรม",
            "สำนักงานมาตรฐานสินค้าเกษตรและอาหารแห่งชาติ",
            "สำนักงานนโยบายและแผนทรัพยากรธรรมชาติและสิ่งแวดล้อม",
            "สำนักงานทรัพยากรน้ำแห่งชาติ",
            "สำนักงานนโยบายและแผนการขนส่งและจราจร",
            "สำนักงานเศรษฐกิจอุตสาหกรรม",
            "สำนักงานมาตรฐานผลิตภัณฑ์อุตสาหกรรม",
            "สำนักงานคณะกรรมการอ้อยและน้ำตาลทราย",
            "สำนักงานนโยบายและแผนพลังงาน",
            "สำนักงานคณะกรรมการนโยบายรัฐวิสาหกิจ",
            "สำนักงานเศรษฐกิจการคลัง",
            "สำนักงานบริหารหนี้สาธารณะ",
            "สำนักงานคณะกรรมการส่งเสริมการลงทุน",
            "สำนักงานป้องกันและปราบปรามการฟอกเงิน",
            "สำนักงานกิจการยุติธรรม",
            "สำนักงานคณะกรรมการป้องกันและปราบปรามยาเสพติด",
            "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตในภาครัฐ",
            "สำนักงานปปท",
            "สำนักงานสถิติแห่งชาติ",
            "สำนักงานคณะกรรมการดิจิทัลเพื่อเศรษฐกิจและสังคมแห่งชาติ",
            "สำนักงานราชบัณฑิตยสภา",
        )
    ),
    ("มหาวิทยาลัย", "university", False),
    ("สถาบันเทคโนโลยี", "university", False),
    ("สถาบันบัณฑิตพัฒนบริหารศาสตร์", "university", True),
    ("กองทุน", "fund", False),
    *(
        (name, "state_enterprise", False)
        for name in ("การไฟฟ้า", "การประปา", "การรถไฟแห่งประเทศไทย", "การท่าเรือแห่งประเทศไทย", "การทางพิเศษ")
    ),
    *((name, "parliament", True) for name in ("สำนักงานเลขาธิการสภาผู้แทนราษฎร", "สำนักงานเลขาธิการวุฒิสภา", "สถาบันพระปกเกล้า")),
    *((name, "court", True) for name in ("สำนักงานศาลยุติธรรม", "สำนักงานศาลรัฐธรรมนูญ", "สำนักงานศาลปกครอง")),
    *(
        (name, "independent", True)
        for name in (
            "สำนักงานการตรวจเงินแผ่นดิน",
            "สำนักงานคณะกรรมการการเลือกตั้ง",
            "สำนักงานผู้ตรวจการแผ่นดิน",
            "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ",
            "สำนักงานปปช",
            "สำนักงานคณะกรรมการสิทธิมนุษยชนแห่งชาติ",
        )
    ),
    ("สำนักงานอัยการสูงสุด", "prosecutor", True),
)


def clean_name(text: str) -> str:
    """Return a name to store and show: NFC, hidden (zero-width, control) characters out, spacing one space, trimmed."""
    kept = "".join(" " if char.isspace() else char for char in str(text) if char.isspace() or not _hidden(char))
    return " ".join(unicodedata.normalize("NFC", kept).split())


def identity_key(name: str, province_code: str | None) -> str:
    """Return "<province code>|<name as read>", the key the same agency has however written (see the module)."""
    province = _given_province(province_code)
    parsed = _parse(name)
    core = parsed.core
    kind = parsed.prefix or _type_of(core)
    if kind == "province":
        core = "จังหวัด" + _province_name(_name_province(parsed))
    elif kind == "special_local":
        core = _special_name(core)
    elif parsed.prefix and province:
        place = _province_name(province)
        # "อบต.บ้านใหม่ เชียงใหม่" in Chiang Mai, but not บ้านตาก in Tak, a place of that name
        if core.endswith(place) and len(core) > len(place) and core not in _place_names(province):
            core = core[: -len(place)]
    # A district is dropped; a province is dropped when it is the one given, else kept (as จังหวัด and its name):
    # "สำนักงานสาธารณสุขจังหวัดเชียงใหม่" without a province must not become every province's office.
    kept = [
        "จังหวัด" + _province_name(value)
        for qualifier, value in reversed(parsed.qualifiers)
        if qualifier == "province" and value != province
    ]
    body = (TYPE_WORDS[parsed.prefix] if parsed.prefix else "") + core + "".join(kept)
    return f"{province or ''}|{body.replace('.', '').casefold()}"


def type_from_name(name: str) -> str | None:
    """Return the type a name implies (a type_code of data/agency_types.csv), or None when it says none."""
    parsed = _parse(name)
    return parsed.prefix or _type_of(parsed.core)


def province_from_name(name: str) -> str | None:
    """Return the province code a name ends in ("จ.X", "จังหวัดX") or a PAO, province or BMA is named after."""
    return _name_province(_parse(name))


def district_from_name(name: str) -> str | None:
    """Return the district a name ends in ("อ.X", "อำเภอX", before any province), as written, without spaces."""
    return next((value for qualifier, value in _parse(name).qualifiers if qualifier == "district"), None)


def _hidden(char: str) -> bool:
    """Return whether char is a control, format (zero-width, direction) or surrogate character."""
    return unicodedata.category(char) in ("Cc", "Cf", "Cs")


@dataclass(frozen=True)
class _Name:
    prefix: str | None  # the local type whose word or abbreviation began the name
    core: str  # the rest, without trailing qualifiers (compact: no spaces, ฯ, brackets; dots and case kept)
    qualifiers: tuple[tuple[str, str], ...]  # ("province", code) or ("district", text), the last written first


@functools.lru_cache(maxsize=65_536)
def _parse(name: str) -> _Name:
    text = _compact(name)
    prefix, rest = None, text
    if match := _PREFIX.match(text):
        prefix, rest = match.lastgroup, text[match.end() :].lstrip(".")
    qualifiers = []
    while len(qualifiers) < MAX_QUALIFIERS and (found := _trailing_province(rest) or _trailing_district(rest)):
        start, qualifier = found
        qualifiers.append(qualifier)
        rest = rest[:start]
    return _Name(prefix, rest, tuple(qualifiers))


def _compact(name: object) -> str:
    """Return a name with no spaces or hidden characters, NFC, normalised by PyThaiNLP, with ASCII digits;
    กรุงเทพฯ is กรุงเทพมหานคร, and any other ฯ (the rest of a long name left out) is dropped."""
    text = "" if name is None else str(name)
    text = unicodedata.normalize("NFC", "".join(char for char in text if not char.isspace() and not _hidden(char)))
    if len(text) <= NORMALISED_CHARS:  # PyThaiNLP's reordering is quadratic in a run of vowels
        text = thainlp.normalize(text)
    text = thainlp.ascii_digits(text)
    return _PUNCTUATION.sub("", text.replace("กรุงเทพฯ", "กรุงเทพมหานคร").replace("ฯ", ""))


def _trailing_province(text: str) -> tuple[int, tuple[str, str]] | None:
    """Return where a trailing "จ.X" or "จังหวัดX" naming a province starts, and the province, if something is
    before it (จังหวัดเชียงใหม่ alone is the province's own name)."""
    for mark in _PROVINCE_MARKS:
        start = text.rfind(mark)
        while start > max(0, len(text) - PROVINCE_TAIL):
            before = text[:start]
            if not before.endswith((".", "อบ")):  # ก.จ., the จ. of อบจ.
                code = _province_code(text[start + len(mark) :])
                if code:
                    return start, ("province", code)
            start = text.rfind(mark, 0, start)
    return None


def _trailing_district(text: str) -> tuple[int, tuple[str, str]] | None:
    """Return where a trailing "อ.X" or "อำเภอX" starts, and X, if something is before it."""
    found = [(text.rfind(mark), mark) for mark in _DISTRICT_MARKS]
    for start, mark in sorted(found, reverse=True):
        place = text[start + len(mark) :]
        # ม.อ. and อ.ส.ค. are abbreviations, not districts: a district's name has no dot
        if start > 0 and text[start - 1] != "." and "." not in place and any(c.isalpha() for c in place):
            return start, ("district", place)
    return None


def _type_of(core: str) -> str | None:
    """Return the type a name without a local type word says, by NAME_RULES; None when it says none."""
    if _special_name(core) in SPECIAL_LOCAL:
        return "special_local"
    if any(core.startswith(mark) and _province_code(core[len(mark) :]) for mark in _PROVINCE_MARKS):
        return "province"
    plain = core.replace(".", "").casefold()
    best = None
    for pattern, type_code, exact in NAME_RULES:
        if (plain == pattern if exact else plain.startswith(pattern)) and (best is None or len(pattern) > best[0]):
            best = (len(pattern), type_code)
    return best[1] if best else None


def _special_name(core: str) -> str:
    """Return the name of the special local body core names (กทม. → กรุงเทพมหานคร), else core, plain."""
    plain = core.replace(".", "").casefold()
    return _SPECIAL_ALIASES.get(plain, plain)


def _name_province(parsed: _Name) -> str | None:
    for qualifier, value in parsed.qualifiers:
        if qualifier == "province":
            return value
    if parsed.prefix == "pao":
        return _province_code(parsed.core)
    if (special := SPECIAL_LOCAL.get(_special_name(parsed.core))) is not None:
        return special
    for mark in _PROVINCE_MARKS:
        if parsed.core.startswith(mark):
            return _province_code(parsed.core[len(mark) :])
    return None


def _province_code(text: str) -> str | None:
    """Return the province a whole text names (Thai or English), never a bare number."""
    return reference.match_province(text) if any(c.isalpha() for c in text) else None


def _given_province(province_code: object) -> str | None:
    if province_code is None or (not isinstance(province_code, str) and pd.isna(province_code)):
        return None
    text = str(province_code).strip()
    if not text:
        return None
    code = reference.match_province(text)
    if code is None:
        raise ValueError(f"not a province: {province_code!r}")
    return code


@functools.cache
def _province_names() -> dict[str, str]:
    return dict(zip(reference.provinces()["province_code"], reference.provinces()["name_th"]))


def _province_name(code: str | None) -> str:
    return _province_names().get(code or "", "")


@functools.cache
def _place_names(province: str) -> frozenset[str]:
    """Return the districts and subdistricts of a province whose names end in the province's name (เมืองตาก,
    บ้านตาก in Tak): a local body named after one keeps the province's name in its key."""
    import geothai

    place = _province_name(province)
    names = set()
    for district in geothai.districts(province):
        names.add(district.name_th)
        names.update(s.name_th for s in geothai.subdistricts(district.code))
    return frozenset(n for n in names if n.endswith(place))
