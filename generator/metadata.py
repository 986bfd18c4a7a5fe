"""Stage 3a, metadata: what the document is, who issued it, when, for where.

Guarantees: every field is either read from the document (header, portal
block, signature, appendix caption, or a sentence of the body that states it)
or left null; nothing is guessed from the file name. The number is normalized
(``21/KH-UBND``: no spaces, no Markdown emphasis), the date is ISO 8601, the
locality is an id of :mod:`generator.localities` (a province or district of either map, or a commune of today).
"""
from __future__ import annotations

import re

from generator import localities
from generator.ingest import Document, Line, is_upper
from generator.models import Block, Clause, Metadata
from generator.structure import walk
from generator.textutil import bounded_slug, clean_document_number, collapse_spaces, fold, iso_date, slugify

BLANK_NUMBER = re.compile(r"Số\s*:?\s*[/-]\s*[A-ZĐ]")
BLANK_DATE = re.compile(r"ngày\s+(?:\.{0,6}\s*)tháng\s+\d{1,2}\s+năm\s+\d{4}")
ISSUED_WITH_NOTE = re.compile(r"\(?\s*(?:Ban hành\s+)?kèm theo\b[^)]*\)?\s*$", re.IGNORECASE)
NUMBER = re.compile(r"Số\s*:?\s*(?P<number>[\w*]+\s*(?:[/-]\s*[\w*Đđ&.-]+)+)")
PLACE_DATE = re.compile(
    r"^(?P<place>[^,]{2,60}),\s*ngày\s+(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})\s+năm\s+(?P<year>\d{4})"
)
NUMERIC_DATE = re.compile(r"(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})\s*/\s*(?P<year>\d{4})")
PERIOD = re.compile(r"giai đoạn\s+(\d{4})\s*[-–]\s*(\d{4})", re.IGNORECASE)
VISION = re.compile(r"tầm nhìn đến năm\s+(\d{4})", re.IGNORECASE)
SINGLE_YEAR = re.compile(r"(?<!tháng \d\d )(?<!tháng \d )\bnăm\s+(\d{4})\b", re.IGNORECASE)
BY_YEAR = re.compile(r"(?:đến|Đến)\s+năm\s+(\d{4})")
ISSUER_SENTENCE = re.compile(
    r"(?P<issuer>(?:Ủy ban nhân dân|UBND|Thành ủy|Tỉnh ủy|Huyện ủy|Quận ủy)\s+[^,;.]*?)\s+"
    r"(?:[Xx]ây dựng|[Bb]an hành)\s+(?:Kế hoạch|Chương trình)"
)
# A portal's page title: 'Kế hoạch 522/KH-UBND năm 2025 thực hiện …' names the type, number and year first.
PORTAL_TITLE_PREFIX = re.compile(
    r"^(?:Kế hoạch|Chương trình|Đề án|Nghị quyết|Quyết định)\s+(?:số\s+)?\S*\d\S*(?:\s+năm\s+\d{4})?\s+(?:về\s+(?:việc\s+)?)?",
    re.IGNORECASE,
)
PERSON = re.compile(r"^[A-ZĐÀ-Ỹ][a-zà-ỹđ']*(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ']*){1,4}$")
SIGN_PREFIX = re.compile(r"^(TM|T/M|KT|TL|Q)\.?\s+")

DOC_TYPES = {"ke hoach": "ke-hoach", "chuong trinh": "chuong-trinh", "de an": "de-an", "nghi quyet": "nghi-quyet",
             "quyet dinh": "quyet-dinh"}
# The motto column of the header, folded: a header line that is a run of its words is not the issuer.
MOTTO_WORDS = re.compile(r"cong hoa|chu nghia|viet nam|doc lap|tu do|hanh phuc|dang cong san")
MOTTO_TEXT = " cong hoa xa hoi chu nghia viet nam doc lap - tu do - hanh phuc dang cong san viet nam "
PARTY = ("thanh uy", "tinh uy", "huyen uy", "quan uy", "thi uy", "dang uy", "ban chap hanh dang bo",
         "ban thuong vu", "dang bo", "ban tuyen giao", "ban dan van")
MASS_ORGANISATIONS = ("uy ban mat tran to quoc", "mat tran to quoc", "hoi lien hiep phu nu", "doan thanh nien",
                      "thanh doan", "tinh doan", "lien doan lao dong", "hoi nong dan", "hoi cuu chien binh")
DEPARTMENTS = ("so ", "ban quan ly", "chi cuc", "phong ", "trung tam", "cuc ")
COUNCILS = ("uy ban nhan dan", "hoi dong nhan dan")
PARTY_COMMITTEE = re.compile(r"^(?:THÀNH|TỈNH|HUYỆN|QUẬN|THỊ) ỦY\s+")
BARE_COUNCILS = ("Ủy ban nhân dân", "Hội đồng nhân dân")


def read_metadata(doc: Document, preamble: list[Block], clauses: list[Clause]) -> Metadata:
    """The plan's metadata; for a decision issuing a plan, number, date, issuer and
    signer are the decision's and the type and title the attached plan's."""
    plan_doc = doc.attached or doc
    header_text = "\n".join(line.text for line in doc.header)
    portal = doc.portal
    review: list[str] = []
    number = _number(header_text) or _number(portal.get("Số hiệu", ""), prefixed=False) or _appendix_number(plan_doc)
    if number is None and BLANK_NUMBER.search(header_text):
        review.append("số văn bản để trống trong phần đầu (đóng số sau khi ký): cần bổ sung")
    place, date = _place_date(doc.header)
    if date is None and "Ngày ban hành" in portal:
        date = iso_date(NUMERIC_DATE.search(portal["Ngày ban hành"]))
    if date is None:
        date = _appendix_date(plan_doc)
    if date is None and BLANK_DATE.search(header_text):
        review.append("ngày ban hành để trống trong phần đầu: cần bổ sung")
    issuer, parent = _issuer(doc, preamble, number)
    seat = (localities.find_province(place) or localities.find_first(place, districts=False)) if place else None
    if issuer in BARE_COUNCILS and seat:
        # Nghị định 30/2020: the place in the header is the unit where the issuer sits
        issuer = f"{issuer} {seat.full_name}"
        review.append(f"cơ quan ban hành ghi thiếu địa phương; suy ra từ địa danh «{place}»: {issuer}")
    level = _level(issuer)
    locality = _locality(issuer, parent, place or portal.get("Nơi ban hành"))
    if locality is not None and not locality.is_province:
        locality = _one_of(localities.namesakes(locality), "quận, huyện", issuer, parent, preamble, review)
    if locality is None and level == "commune":
        locality = _commune(issuer, parent, preamble, review)
    signer, signer_title = _signature(doc.closing or plan_doc.closing)
    title = _plan_title(plan_doc, portal)
    start, end = _period(title, date, preamble, clauses)
    review += _cross_check(portal, number, date)
    return Metadata(
        doc_type=_doc_type(plan_doc),
        number=number,
        decision_number=number if doc.attached is not None else None,
        date=date,
        place=place,
        issuer=issuer,
        parent_body=parent,
        level=level,
        locality=locality.id if locality else None,
        locality_name=locality.full_name if locality else None,
        province=(locality.province or locality.id) if locality else None,
        signer=signer or _portal_signer(portal),
        signer_title=signer_title,
        title=title,
        period_start=start,
        period_end=end,
        truncated=doc.truncated,
        portal=dict(portal),
        review=review,
    )


def _plan_title(plan_doc: Document, portal: dict[str, str]) -> str:
    """The title under the type line, without '(Ban hành kèm theo …)'; else the portal's."""
    if plan_doc.title:
        return ISSUED_WITH_NOTE.sub("", plan_doc.title.text).strip()
    title = PORTAL_TITLE_PREFIX.sub("", portal.get("Tiêu đề", ""))
    return title[:1].upper() + title[1:]


def _portal_signer(portal: dict[str, str]) -> str | None:
    value = portal.get("Người ký")
    return value.split(";")[0].strip() if value else None


def _cross_check(portal: dict[str, str], number: str | None, date: str | None) -> list[str]:
    """Where the portal's metadata block disagrees with the document's own header."""
    notes = []
    portal_number = _number(portal.get("Số hiệu", ""), prefixed=False)
    if portal_number and number and portal_number.split(";")[0] != number:
        notes.append(f"số hiệu trên cổng thông tin ({portal_number}) khác số trong văn bản ({number})")
    portal_date = iso_date(NUMERIC_DATE.search(portal.get("Ngày ban hành", "")))
    if portal_date and date and portal_date != date:
        notes.append(f"ngày ban hành trên cổng thông tin ({portal_date}) khác ngày trong văn bản ({date})")
    return notes


def plan_id_for(metadata: Metadata) -> str:
    """Readable, stable slug: locality, number and year; or issuer, type and period."""
    where = (metadata.locality or slugify(metadata.issuer or "")).replace("/", "-")
    if metadata.number:
        year = metadata.date[:4] if metadata.date else metadata.period_start
        parts = [where, slugify(metadata.number), str(year or "")]
    else:
        issuer_kind = _issuer_kind(metadata.issuer)
        period = "-".join(str(y) for y in (metadata.period_start, metadata.period_end) if y)
        parts = [where, issuer_kind, metadata.doc_type, period]
    return bounded_slug("-".join(p for p in parts if p)) or "ke-hoach"


# ---------------------------------------------------------------- fields


def _doc_type(doc: Document) -> str:
    type_line = doc.doc_type.text if doc.doc_type else ""
    for candidate in (type_line, doc.portal.get("Loại văn bản", "")):
        # 'CHƯƠNG TRÌNH HÀNH ĐỘNG', 'KẾ HOẠCH LIÊN TỊCH', 'Kế hoạch số 12' are of their first words' type
        kind = next((kind for words, kind in DOC_TYPES.items() if f"{fold(candidate)} ".startswith(words + " ")), None)
        if kind:
            return kind
    return "ke-hoach"


def _number(text: str, prefixed: bool = True) -> str | None:
    if not text:
        return None
    if not prefixed:
        return clean_document_number(text)
    match = NUMBER.search(text)
    return clean_document_number(match["number"]) if match else None


def _appendix_number(doc: Document) -> str | None:
    text = " ".join(line.text for line in doc.appendix[:8])
    match = re.search(r"Kèm theo (?:Kế hoạch|Chương trình) số\s*(?P<n>[\w*\s]+/\s*[\w\-Đđ]+)", text)
    return clean_document_number(match["n"]) if match else None


def _appendix_date(doc: Document) -> str | None:
    text = " ".join(line.text for line in doc.appendix[:8]).replace("*", "")
    caption = re.search(r"Kèm theo[^)]*?ngày\s*([\d\s/]+)", text)
    return iso_date(NUMERIC_DATE.search(caption.group(1))) if caption else None


def _place_date(header: list[Line]) -> tuple[str | None, str | None]:
    texts = [line.text for line in header]
    # a wrapped header splits 'Thành phố Hồ' / 'Chí Minh, ngày 18' / 'tháng 11 năm 2025'
    pairs = [f"{a} {b}" for a, b in zip(texts, texts[1:])]
    triples = [f"{a} {b} {c}" for a, b, c in zip(texts, texts[1:], texts[2:])]
    for candidate in texts + pairs + triples:
        match = PLACE_DATE.search(candidate)
        if match:
            return match["place"].strip(), iso_date(match)
    return None, None


def _issuer(doc: Document, preamble: list[Block], number: str | None) -> tuple[str | None, str | None]:
    """(issuer, parent body) from the header's issuer lines, the portal, or the text."""
    issuer_lines = [
        line.text for line in doc.header
        if is_upper(line.text) and not _is_motto(line.text) and not line.text.startswith("SỐ")
        and not DOC_TYPES.get(fold(line.text))
    ]
    bodies = _split_bodies(issuer_lines)
    if bodies:
        issuer = _title_case(bodies[-1])
        parent = _title_case(bodies[-2]) if len(bodies) > 1 else None
        if len(bodies) > 1 and issuer.startswith("Sở"):
            issuer = f"{issuer} {_place_of(parent)}".strip()
        return issuer, parent
    # no issuer block: take what the text states, preferring a name with a locality
    candidates = [m["issuer"] for b in preamble if (m := ISSUER_SENTENCE.search(b.text))]
    caption = " ".join(line.text for line in doc.appendix[:8])
    candidates += [m["issuer"] for m in re.finditer(r"của\s+(?P<issuer>(?:UBND|Ủy ban nhân dân)\s+[^)]+)\)", caption)]
    candidates = [_expand(collapse_spaces(c)) for c in candidates]
    for candidate in candidates:
        if localities.find_first(candidate):
            return candidate, None
    if candidates:
        return candidates[0], None
    # a portal names the issuing body as 'Cơ quan ban hành' ('Nơi ban hành' is only its place)
    body = doc.portal.get("Cơ quan ban hành")
    return (body.split(";")[0].strip(), None) if body else (None, None)


def _is_motto(text: str) -> bool:
    """'CỘNG HÒA XÃ HỘI', 'CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc': pieces of the motto.

    A piece holds one of the motto's own words: 'XÃ HỘI' alone is the end of a
    wrapped issuer ('SỞ LAO ĐỘNG THƯƠNG BINH VÀ' / 'XÃ HỘI'), not the motto."""
    folded = fold(text)
    return f" {folded} " in MOTTO_TEXT and bool(MOTTO_WORDS.search(folded))


def _split_bodies(lines: list[str]) -> list[str]:
    """Group wrapped issuer lines into bodies: 'ỦY BAN NHÂN DÂN' + 'TỈNH KON TUM' is one body."""
    bodies: list[str] = []
    for text in lines:
        starts_body = text.startswith(("ỦY BAN", "UBND", "SỞ", "PHÒNG", "BAN ", "THÀNH ỦY", "TỈNH ỦY", "ĐẢNG"))
        if bodies and not starts_body:
            bodies[-1] = f"{bodies[-1]} {text}"
        else:
            bodies.append(text)
    return bodies


def _title_case(text: str) -> str:
    """'ỦY BAN NHÂN DÂN TỈNH KON TUM' -> 'Ủy ban nhân dân tỉnh Kon Tum', 'TỈNH ỦY KON TUM' -> 'Tỉnh ủy Kon Tum'."""
    party_place = PARTY_COMMITTEE.sub("", text) if PARTY_COMMITTEE.match(text) else None
    loc = localities.find_first(text) or (localities.find_province(party_place) if party_place else None)
    loc = loc or next(iter(localities.find_commune(text)), None)
    lowered = text.lower()
    result = lowered[:1].upper() + lowered[1:]
    if loc:
        name = loc.name
        if loc.kind in localities.COMMUNE_KINDS and fold(name).startswith(fold(loc.kind) + " "):
            name = name[len(loc.kind) + 1:]  # 'Phường Sài Gòn': only the proper name is capitalised
        name_pos = fold(result).find(fold(name))
        if name_pos >= 0:
            result = result[:name_pos] + name + result[name_pos + len(name):]
    result = re.sub(r"\bsở lao động\s*-?\s*thương binh và xã hội", "Sở Lao động - Thương binh và Xã hội", result, flags=re.I)
    if loc and not loc.is_province and loc.name.startswith("Quận"):
        result = re.sub(r"\bquận (\d+)", r"Quận \1", result)
    return result


def _expand(name: str) -> str:
    return re.sub(r"^UBND\b", "Ủy ban nhân dân", name)


def _place_of(body: str | None) -> str:
    if not body:
        return ""
    loc = localities.find_first(body)
    return loc.full_name[0].upper() + loc.full_name[1:] if loc else ""


def _issuer_kind(issuer: str | None) -> str:
    folded = fold(issuer or "")
    for prefix, kind in (("thanh uy", "thanh-uy"), ("tinh uy", "tinh-uy"), ("uy ban nhan dan", "ubnd"), ("so ", "so")):
        if folded.startswith(prefix):
            return kind
    return slugify(issuer or "")


def _level(issuer: str | None) -> str | None:
    """The level of government of the issuer, from the kind of body and of place it names."""
    if not issuer:
        return None
    folded = fold(issuer)
    if folded.startswith(PARTY):
        return "party-committee"
    if folded.startswith(MASS_ORGANISATIONS):
        return "mass-organisation"
    if folded.startswith(DEPARTMENTS):
        return "department"
    for council in COUNCILS:
        if folded.startswith(council):
            place = folded[len(council):].strip()
            if place.startswith(("xa ", "phuong ", "dac khu ", "thi tran ")):
                return "commune"
            if place.startswith(("quan ", "huyen ", "thi xa ")):
                return "district"
            loc = localities.find_first(issuer) or localities.find_district(issuer)
            if loc is None:
                return "province" if place.startswith("tinh ") else None
            return "province" if loc.is_province else "district"
    return None


def _locality(issuer: str | None, parent: str | None, place: str | None) -> localities.Locality | None:
    # a party committee is named after its place: 'Thành ủy Cần Thơ', 'Tỉnh ủy Kon Tum'
    issuer = re.sub(r"^(Thành|Tỉnh) ủy", lambda m: "thành phố" if m[1] == "Thành" else "tỉnh", issuer or "")
    for text in (issuer, parent, place):
        if text:
            loc = localities.find_first(text) or (text == place and localities.find_province(text))
            loc = loc or localities.find_district(text)
            if loc:
                return loc
    return None


def _commune(issuer: str, parent: str | None, preamble: list[Block], review: list[str]) -> localities.Locality | None:
    """Today's commune a commune-level issuer names ('Ủy ban nhân dân phường Sài Gòn'). A commune
    not found is a review note, never a silent drop."""
    candidates = localities.find_commune(issuer)
    if not candidates:
        review.append(f"«{issuer}»: xã, phường chưa có trong danh mục ({localities.DIVISIONS_SOURCE}); "
                      "cần xác định địa phương")
        return None
    return _one_of(candidates, "xã, phường", issuer, parent, preamble, review)


def _one_of(candidates: tuple[localities.Locality, ...], what: str, issuer: str, parent: str | None,
            preamble: list[Block], review: list[str]) -> localities.Locality | None:
    """The one of several namesakes (communes or districts of several provinces: 'huyện Châu Thành')
    whose province the header or the preamble names; when none or several remain, a review note."""
    if len(candidates) > 1:
        named = [localities.find_first(text, districts=False) for text in (parent or "", *(b.text for b in preamble))]
        # a district's province is of the old map; a commune's is today's, which holds the old one named
        of_map = (lambda loc: loc.id) if candidates[0].until else (lambda loc: localities.today(loc).id)
        provinces = {of_map(loc) for loc in named if loc is not None}
        candidates = tuple(c for c in candidates if c.province in provinces) or candidates
    if len(candidates) == 1:
        return candidates[0]
    where = ", ".join(sorted({localities.get(c.province).name for c in candidates}, key=fold))
    review.append(f"«{issuer}»: có {what} cùng tên ở nhiều tỉnh ({where}); cần xác định địa phương")
    return None


def _signature(closing: list[Line]) -> tuple[str | None, str | None]:
    """(signer, title) from the signature block: the person's name and the line above it."""
    lines = [line.text for line in closing]
    for index in range(len(lines) - 1, -1, -1):
        if PERSON.match(lines[index]) and not is_upper(lines[index]):
            title = None
            above = [t for t in lines[max(0, index - 4): index] if is_upper(t)]
            if above:
                title = _office_title(SIGN_PREFIX.sub("", above[-1]))
                if above[-1].startswith("Q."):
                    title = "Quyền " + title
            return lines[index], title
    return None, None


def _office_title(text: str) -> str:
    """'PHÓ CHỦ TỊCH' -> 'Phó Chủ tịch', 'BÍ THƯ' -> 'Bí thư'."""
    words = text.lower().split()
    if words and words[0] == "phó" and len(words) > 1:
        return "Phó " + words[1].capitalize() + "".join(" " + w for w in words[2:])
    return " ".join(words).capitalize()


def _period(title: str, date: str | None, preamble: list[Block], clauses: list[Clause]) -> tuple[int | None, int | None]:
    match = PERIOD.search(title)
    if match:
        start, end = int(match[1]), int(match[2])
        vision = VISION.search(title)
        if vision:
            end = max(end, int(vision[1]))
        return start, end
    text_without_dates = re.sub(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", "", title, flags=re.I)
    single = SINGLE_YEAR.search(text_without_dates)
    if single:
        return int(single[1]), int(single[1])
    issued = int(date[:4]) if date else None
    years = []
    for clause in walk(clauses):
        for text in [clause.title] + [block.text for block in clause.blocks]:
            years += [int(y) for y in BY_YEAR.findall(text)]
        if years:
            break
    if years and issued:
        return issued, max(years)
    return None, None  # the plan states no period: null, not a guess from the date
