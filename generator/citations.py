"""Stage 3f, cited documents (văn bản dẫn chiếu): every other document a plan cites.

Reads the preamble, every clause (title and blocks) and every footnote, and
returns the documents cited there and where each is cited.

Guarantees:

* A document is recognised in two forms. By number: a type word, an optional
  "số", a number, then optionally a date and an issuer ("Quyết định số
  1649/QĐ-UBND ngày 15 tháng 5 năm 2024 của Ủy ban nhân dân Thành phố",
  "Nghị định 140/2018/NĐ-CP", "Kế hoạch số 2312KH-UBND"). By name: a law
  ("Bộ luật Lao động 2019", "Luật Giáo dục nghề nghiệp"), a quoted title after
  Đề án, Chương trình, Chiến lược or Kế hoạch ("Đề án “Giáo dục hướng nghiệp
  ...”"), or a party congress resolution ("Nghị quyết Đại hội ... lần thứ XIV").
* Numbers are normalized: no spaces, the missing '/' of '2312KH-UBND'
  restored, the type code spelled as official numbers spell it ('1170/CD-TTg'
  is '1170/CĐ-TTg'). Dates are ISO 8601 and only real calendar dates.
* The issuer is the body the citing text names, resolved with
  ``data/registry/agencies.yaml`` and the plan's own place: "Ủy ban nhân dân
  Thành phố" in a Quận 11 plan is the HCMC People's Committee, "UBND tỉnh" in
  Kon Tum's plan is Kon Tum's. When the text names none, the number's suffix
  decides (TTg, CP, TW are national; UBND is the plan's own locality). A law's
  issuer is the Quốc hội; a document cited by name and approved by a decision
  in the same sentence ("Đề án “...” theo Quyết định số 522/QĐ-TTg") takes the
  decision's issuer and links to it in ``approved_by``.
* Ids are stable across plans. By number: type, number and year (left out when
  the number carries it), prefixed with the issuer's locality when the issuer
  is local, since local numbers repeat from province to province
  ('quyet-dinh-522-qd-ttg-2018', 'ho-chi-minh-quyet-dinh-1649-qd-ubnd-2024').
  By name: type, name and year ('bo-luat-lao-dong-2019'). An undated repeat of
  a number ("(Nghị quyết số 06/NQ-CP)") takes the year of the nearest dated
  mention of the same number in the plan, so it is the same document.
* The plan itself is never one of its cited documents.
* Every citation's quote is an exact substring of the passage it was read
  from (a preamble block, a clause title or block, a footnote). There is one
  citation per document per clause (per footnote for a footnote), in document
  order; a footnote's citation carries the clause of its marker. Documents are
  sorted by id. The same text always gives the same records.
"""
from __future__ import annotations

import bisect

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator import agencies, localities
from generator.context import PlanText
from generator import relations
from generator.models import Citation, CitedDocument, Metadata, Relation
from generator.structure import walk
from generator.textutil import bounded_slug, clean_document_number, collapse_spaces, fold, iso_date

# Document types, and the code their numbers carry (QĐ in 1649/QĐ-UBND); None: no code.
TYPE_CODES: dict[str, str | None] = {
    "Bộ luật": None,
    "Luật": None,
    "Nghị quyết": "NQ",
    "Nghị định": "NĐ",
    "Quyết định": "QĐ",
    "Thông tư": "TT",
    "Thông tri": None,
    "Chỉ thị": "CT",
    "Kế hoạch": "KH",
    "Công điện": "CĐ",
    "Công văn": None,
    "Kết luận": "KL",
    "Thông báo": "TB",
    "Hướng dẫn": "HD",
    "Đề án": "ĐA",
    "Chiến lược": None,
    "Chương trình": "CTr",
}
NAMED_TYPES = ("Đề án", "Chương trình", "Chiến lược", "Kế hoạch")  # cited by a quoted title
APPROVING_TYPES = ("Quyết định", "Nghị quyết")


def _words_pattern(words: str) -> str:
    """'Quyết định' -> '[Qq]uyết\\s+[Đđ]ịnh': each word may start in either case."""
    return r"\s+".join(f"[{w[0].upper()}{w[0].lower()}]{re.escape(w[1:])}" for w in words.split())


def _alternation(names) -> str:
    return "|".join(_words_pattern(n) for n in sorted(names, key=len, reverse=True))


_NUMBER = r"\d{1,5}(?:/\d{4})?(?:[/-]|(?=[A-ZĐ]))[A-ZĐ][A-Za-zĐđ&0-9]*(?:[/-][A-ZĐ][A-Za-zĐđ&0-9]*)*"
NUMBERED = re.compile(rf"(?<!\w)(?P<type>{_alternation(TYPE_CODES)})\s+(?:số\s*:?\s*)?(?P<number>{_NUMBER})")
YEAR_IN_NUMBER = re.compile(r"/((?:19|20)\d{2})/")
TERM_DIGITS = re.compile(r"\d+$")
DATE = re.compile(  # 'ngày 15 tháng 5 năm 2024', ', ngày 16/12/2022'
    r"\s*,?\s*ngày\s+(?P<day>\d{1,2})(?:\s+tháng\s+|\s*/\s*)(?P<month>\d{1,2})"
    r"(?:\s+năm\s+|\s*/\s*)(?P<year>\d{4})"
)

# "... của Thủ tướng Chính phủ"; after a date also "..., ngày 22/4/2022, UBND thành phố Hà Nội, về ..."
STATED_BY = re.compile(r"\s*,?\s*của\s+")
AFTER_DATE = re.compile(r"\s*,\s*")
ISSUER_PHRASE_END = re.compile(
    r"\s+(?:về|tại|phê duyệt|ban hành|quy định|sửa đổi|nhằm|để|thực hiện|trên|theo|đã|hướng dẫn)(?!\w)"
    r"|[,;.:()\[“”\"]"
)
MAX_ISSUER_WORDS = 12
PLACE_KIND = re.compile(r"\s+(?P<kind>(?:tỉnh|thành phố|tp|quận|huyện|thị xã)(?!\w)\.?)", re.IGNORECASE)
DISTRICT_KINDS = ("quan", "huyen", "thi xa")
NEXT_WORD = re.compile(r"\s*(\w+)")  # no space after "TP.": "TP.HCM"

LAW = re.compile(r"(?<!\w)(?P<type>Bộ\s+[Ll]uật|Luật)(?=\s)")
LAW_WORD = re.compile(r"\s+([^\W\d_]+)(?!\w)")
LAW_YEAR = re.compile(r"\s+(?:năm\s+)?(?P<year>(?:19|20)\d{2})(?!\d)")
LAW_NAME_STOP = frozenset(
    "và để của về năm ngày số trên theo cho tại đã được nhằm với trong các này hiện sửa đến từ là có khi mà đối do "
    "bằng hoặc vào".split()
)
MAX_LAW_WORDS = 10
QUOTED = re.compile(
    rf"(?<!\w)(?P<type>{_alternation(NAMED_TYPES)})\s*[“\"](?P<name>[^”\"]{{3,300}})[”\"]"
)
CONGRESS = re.compile(
    r"(?<!\w)(?P<type>Nghị quyết)\s+(?P<name>Đại hội[^,;.“”()]{0,150}?\blần thứ\s+[IVXLC]+(?!\w)"
    r"(?:,\s*nhiệm kỳ\s+\d{4}\s*[-–]\s*\d{4})?)"
)

# What a document is about (its trích yếu), right after its reference: "... của Chính phủ về phát
# triển thị trường lao động ...", "... phê duyệt Chiến lược ...", "... “Về xây dựng ...”".
SUBJECT_LEAD = re.compile(
    r"\s*,?\s*(?:[Vv]ề\s+(?:việc\s+)?|(?=(?:phê duyệt|ban hành|quy định|hướng dẫn|sửa đổi|thực hiện|triển khai)(?!\w)))"
)
QUOTED_SUBJECT = re.compile(r"\s*,?\s*[“\"]\s*[Vv]ề\s+(?P<subject>[^”\"]{3,300})[”\"]")
SUBJECT_STOP = re.compile(  # ';', "(sau đây gọi tắt ...)", a sentence end, or ", Ủy ban nhân dân ... ban hành"
    rf"[;\n]|\.(?:\s|$)|\(\s*(?:sau đây|gọi tắt|viết tắt|{_alternation(TYPE_CODES)})|,\s*(?:Ủy ban nhân dân|UBND|Thành ủy|Tỉnh ủy|Huyện ủy|Quận ủy|Đảng ủy|Hội đồng nhân dân"
    r"|HĐND|Sở|Ban Thường vụ|Ban Chấp hành|Ban Chỉ đạo)\s"
)
LIST_JOINER = re.compile(r"(?:,|;|\s+và)\s*$")
JOINED_NEXT = re.compile(r"\s+và\s+(?:[^\s,;]+\s+){0,8}$")  # "... và hướng dẫn của Bộ Nội vụ tại <next>"
MAX_SUBJECT = 400
OFFICE_TITLE = re.compile(r"(?:bo truong|thu truong|chu nhiem|tong giam doc)\s+")  # of a national body, folded

# Between a document cited by name and the decision that approved it.
APPROVED_BY_NEXT = re.compile(r"\s*,?\s*(?:được\s+)?(?:phê duyệt\s+|ban hành\s+)?(?:kèm\s+)?(?:tại|theo)\s*")
APPROVED_BY_PREVIOUS = re.compile(r"\s*(?:về\s+)?(?:việc\s+)?(?:phê duyệt|ban hành)\s*")


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class IssuerEntry:
    """One body that issues the documents plans cite (a type of ``data/registry/agencies.yaml``)."""

    name: str
    national: bool
    codes: tuple[str, ...]
    pattern: re.Pattern  # any of its names, on folded text


@dataclass(frozen=True)
class Issuer:
    name: str | None
    locality: str | None  # None: a national body
    stated: bool  # named by the citing text, not inferred from the number


LAWMAKER = Issuer("Quốc hội", None, stated=False)  # of every Luật and Bộ luật


@dataclass(frozen=True)
class Passage:
    """One piece of source text, and where in the plan it is."""

    text: str
    folded: str  # fold() of each character: same length, same positions
    clause_id: str | None
    footnote: int | None

    @property
    def opening(self) -> bool:
        """A block of the preamble, where a plan states its bases and what it implements."""
        return self.clause_id is None and self.footnote is None


@dataclass
class Mention:
    """One place where the text cites a document."""

    passage: Passage
    start: int
    end: int
    doc_type: str
    number: str | None = None
    name: str | None = None
    date: str | None = None
    year: int | None = None
    issuer: Issuer | None = None
    approver: Mention | None = None
    subject: str | None = None
    relation: Relation | None = None

    @property
    def quote(self) -> str:
        return self.passage.text[self.start:self.end]


# ---------------------------------------------------------------- entry point


def extract_citations(text: PlanText) -> tuple[list[CitedDocument], list[Citation]]:
    """Documents cited by the plan (sorted by id) and their citations (document order)."""
    plan = text.metadata
    mentions = [m for passage in _passages(text) for m in _mentions(passage, plan)]
    _fill_years(mentions)
    _shortest_law_names(mentions)
    identified = [(document_id(m), m) for m in mentions if not _is_plan_itself(m, plan)]
    grouped: dict[str, list[Mention]] = {}
    for doc_id, mention in identified:
        grouped.setdefault(doc_id, []).append(mention)
    documents = [_document(doc_id, grouped[doc_id]) for doc_id in sorted(grouped)]
    _mark_implemented_objects(text, documents, grouped)
    return documents, _citations(identified)


def document_id(mention: Mention) -> str:
    """Stable id: [locality of a local issuer] + type + number + year, or type + name + year."""
    if mention.number:
        where = mention.issuer.locality if mention.issuer else None
        carried = mention.number.split("/")
        parts = [where, mention.doc_type, mention.number, _year_unless_in(mention.year, carried)]
    else:
        parts = [mention.doc_type, mention.name, _year_unless_in(mention.year, [mention.name])]
    return bounded_slug(" ".join(p for p in parts if p))


def _year_unless_in(year: int | None, texts: list[str | None]) -> str | None:
    if year is None or any(t and str(year) in t for t in texts):
        return None
    return str(year)


# ---------------------------------------------------------------- passages


def _passages(text: PlanText) -> Iterator[Passage]:
    for block in text.preamble:
        yield _passage(block.text, None, None)
    for clause in walk(text.clauses):
        for part in (clause.title, *(block.text for block in clause.blocks)):
            yield _passage(part, clause.id, None)
    for note in text.footnotes:
        yield _passage(note.text, note.clause_id, note.number)


def _passage(text: str, clause_id: str | None, footnote: int | None) -> Passage:
    return Passage(text, "".join(map(_fold_char, text)), clause_id, footnote)


@functools.cache
def _fold_char(char: str) -> str:
    return (fold(char) or " ")[:1]


# ---------------------------------------------------------------- mentions


def _mentions(passage: Passage, plan: Metadata) -> list[Mention]:
    """Every document cited in one passage, in order, approvals linked."""
    found = sorted([*_numbered(passage, plan), *_named(passage)], key=lambda m: m.start)
    kept: list[Mention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    _link_approvers(kept)
    subject_end = 0  # where the trích yếu of the mention before ends
    for index, mention in enumerate(kept):
        following = kept[index + 1] if index + 1 < len(kept) else None
        mention.subject, subject_stop = _subject(passage.text, mention.end, following.start if following else None)
        before = passage.text[: mention.start]
        nested = mention.start < subject_end  # named in another document's trích yếu: its relation, not ours
        mention.relation = relations.change_relation(before) or (
            relations.opening_relation(before) if passage.opening and not nested else None
        )
        subject_end = max(subject_end, subject_stop)
    return kept


def _subject(text: str, end: int, next_mention: int | None) -> tuple[str | None, int]:
    """The trích yếu after a reference ending at ``end`` (up to a stop or the next document of a
    list) and where it ends; (None, ``end``) when the text gives none or it runs on past
    :data:`MAX_SUBJECT`."""
    quoted = QUOTED_SUBJECT.match(text, end)
    if quoted:
        return collapse_spaces(quoted["subject"]), quoted.end()
    lead = SUBJECT_LEAD.match(text, end)
    if lead is None:
        return None, end
    start = lead.end()
    stop = SUBJECT_STOP.search(text, start)
    finish = stop.start() if stop else len(text)
    if next_mention is not None and next_mention < finish:
        if LIST_JOINER.search(text, start, next_mention):
            finish = next_mention
        elif joined := JOINED_NEXT.search(text, start, next_mention):
            finish = joined.start()
    subject = LIST_JOINER.sub("", text[start:finish]).strip(" ,:")
    if len(subject) > MAX_SUBJECT or len(subject.split()) < 2:
        return None, end
    return collapse_spaces(subject), finish


def _numbered(passage: Passage, plan: Metadata) -> Iterator[Mention]:
    text = passage.text
    for match in NUMBERED.finditer(text):
        doc_type = _canonical_type(match["type"])
        number = normalize_number(match["number"], doc_type)
        end, date, year = match.end(), None, _year_in_number(number)
        dated = DATE.match(text, end)
        if dated:
            end, date, year = dated.end(), iso_date(dated), int(dated["year"])
        stated, end = _stated_issuer(passage, end, bool(dated), plan)
        issuer = stated or _issuer_from_number(number, doc_type, plan)
        yield Mention(passage, match.start(), end, doc_type, number=number, date=date, year=year, issuer=issuer)


def _named(passage: Passage) -> Iterator[Mention]:
    text = passage.text
    for match in [*QUOTED.finditer(text), *CONGRESS.finditer(text)]:
        name = collapse_spaces(match["name"])
        yield Mention(passage, match.start(), match.end(), _canonical_type(match["type"]), name=name)
    yield from _laws(passage)


def _laws(passage: Passage) -> Iterator[Mention]:
    """'Bộ luật Lao động 2019', 'Luật Giáo dục nghề nghiệp': capitalised name, up to a function word."""
    text = passage.text
    for match in LAW.finditer(text):
        words: list[str] = []
        end = match.end()
        while len(words) < MAX_LAW_WORDS and (word := LAW_WORD.match(text, end)):
            if (not words and not word[1][0].isupper()) or word[1].lower() in LAW_NAME_STOP:
                break
            words.append(word[1])
            end = word.end()
        if not words:
            continue
        year = None
        if dated := LAW_YEAR.match(text, end):
            end, year = dated.end(), int(dated["year"])
        doc_type, name = _canonical_type(match["type"]), " ".join(words)
        yield Mention(passage, match.start(), end, doc_type, name=name, year=year, issuer=LAWMAKER)


def _link_approvers(mentions: list[Mention]) -> None:
    """A document cited by name next to the decision that approved it links to that decision."""
    for index, mention in enumerate(mentions):
        if mention.number is not None or mention.doc_type not in NAMED_TYPES:
            continue
        text = mention.passage.text
        before = mentions[index - 1] if index > 0 else None
        after = mentions[index + 1] if index + 1 < len(mentions) else None
        if _approves(before) and APPROVED_BY_PREVIOUS.fullmatch(text, before.end, mention.start):
            mention.approver = before
        elif _approves(after) and APPROVED_BY_NEXT.fullmatch(text, mention.end, after.start):
            mention.approver = after


def _approves(mention: Mention | None) -> bool:
    return mention is not None and mention.number is not None and mention.doc_type in APPROVING_TYPES


def _canonical_type(printed: str) -> str:
    return _types_by_fold()[fold(printed)]


@functools.cache
def _types_by_fold() -> dict[str, str]:
    return {fold(name): name for name in TYPE_CODES}


# ---------------------------------------------------------------- numbers and dates


def normalize_number(raw: str, doc_type: str) -> str:
    """'2312KH-UBND' -> '2312/KH-UBND'; '1170/CD-TTg' (a Công điện) -> '1170/CĐ-TTg'."""
    number = clean_document_number(raw)
    code = TYPE_CODES.get(doc_type)
    if code is None:
        return number
    return "".join(code if fold(token) == fold(code) else token for token in re.split(r"([/-])", number))


def _issuer_code(number: str, doc_type: str) -> str | None:
    """The part of a number that names its issuer: TTg in 522/QĐ-TTg, UBND in 1717/UBND-KGVX."""
    codes = [token for token in re.split(r"[/-]", number) if not token.isdigit()]
    type_code = TYPE_CODES.get(doc_type)
    if codes and type_code and fold(codes[0]) == fold(type_code):
        codes = codes[1:]
    return TERM_DIGITS.sub("", codes[0]) if codes else None


def _year_in_number(number: str) -> int | None:
    match = YEAR_IN_NUMBER.search(number)
    return int(match[1]) if match else None



# ---------------------------------------------------------------- issuers


@functools.cache
def issuer_entries() -> tuple[IssuerEntry, ...]:
    """The bodies of ``agencies.yaml`` whose documents plans cite: the national ones and the local
    ones that have document-number codes (a party committee's 'Ban Thường vụ' has none, so
    "Ban Thường vụ Tỉnh ủy" stays as written)."""
    entries = []
    for kind in agencies.agency_types():
        if not (kind.is_national or kind.codes):
            continue
        names = sorted(agencies.written_forms(kind), key=len, reverse=True)
        pattern = re.compile("|".join(_name_pattern(n) for n in names))
        entries.append(IssuerEntry(kind.name, kind.is_national, kind.codes, pattern))
    return tuple(entries)


def _name_pattern(name: str) -> str:
    """Folded words with any run of spaces, dashes or '&' between them."""
    words = [w for w in re.split(r"[\s\-–&]+", fold(name)) if w]
    return r"[\s\-–&]+".join(re.escape(w) for w in words) + r"(?!\w)"


@functools.cache
def _entries_by_code() -> dict[str, IssuerEntry]:
    return {fold(code): entry for entry in issuer_entries() for code in entry.codes}


def _stated_issuer(passage: Passage, pos: int, dated: bool, plan: Metadata) -> tuple[Issuer | None, int]:
    """The issuer the text names right after a number or date, and where its name ends."""
    text = passage.text
    lead = STATED_BY.match(text, pos) or (AFTER_DATE.match(text, pos) if dated else None)
    if lead is None:
        return None, pos
    entry, end = _registry_issuer_at(passage, lead.end())
    office = OFFICE_TITLE.match(passage.folded, lead.end()) if entry is None else None
    if office is not None:  # "của Bộ trưởng Bộ Tài chính": the minister's document is the ministry's
        entry, end = _registry_issuer_at(passage, office.end())
        if entry is not None and entry.national:
            return Issuer(text[lead.end():office.end()] + entry.name, None, stated=True), end
        entry, end = None, lead.end()
    if entry is not None and entry.national:
        return Issuer(entry.name, None, stated=True), end
    if entry is not None:
        place, end = _place_at(text, end, plan)
        return _local_issuer(entry.name, place, stated=True), end
    unlisted = _unlisted_issuer(text, lead.end(), plan) if lead.re is STATED_BY else None
    return unlisted or (None, pos)


def _registry_issuer_at(passage: Passage, pos: int) -> tuple[IssuerEntry | None, int]:
    """The registry body whose name starts at ``pos`` (the longest one), and where it ends."""
    best, best_end = None, pos
    for entry in issuer_entries():
        match = entry.pattern.match(passage.folded, pos)
        if match and match.end() > best_end:
            best, best_end = entry, match.end()
    return best, best_end


def _place_at(text: str, pos: int, plan: Metadata) -> tuple[localities.Locality | None, int]:
    """The locality after a local body's name: 'thành phố Hà Nội', or a bare 'tỉnh' = the plan's own."""
    kind = PLACE_KIND.match(text, pos)
    if kind is None:
        return localities.get(plan.locality), pos
    end = kind.end()
    while (word := NEXT_WORD.match(text, end)) and (word[1][0].isupper() or word[1][0].isdigit()):
        end = word.end()
    named = localities.find_first(text[kind.start():end])
    if named is not None:
        return named, end
    if fold(kind["kind"]) in DISTRICT_KINDS:
        return localities.get(plan.locality), kind.end()
    return localities.get(plan.province), kind.end()


def _unlisted_issuer(text: str, start: int, plan: Metadata) -> tuple[Issuer, int] | None:
    """A body not in the registry, as written up to a function word: a body of the plan's place."""
    stop = ISSUER_PHRASE_END.search(text, start)
    end = start + len(text[start:stop.start() if stop else len(text)].rstrip())
    phrase = text[start:end]
    if not phrase or len(phrase.split()) > MAX_ISSUER_WORDS:
        return None
    place = localities.find_first(phrase)
    locality = place.id if place else plan.locality
    return Issuer(_complete_bare_department(phrase, plan), locality, stated=True), end


def _complete_bare_department(phrase: str, plan: Metadata) -> str:
    """'Đảng ủy Sở' in a plan of a Sở is that Sở's: complete the name with the plan's issuer."""
    issuer = plan.issuer or ""
    if re.search(r"(?<!\w)Sở$", phrase) and issuer.startswith("Sở "):
        return phrase + issuer[len("Sở"):]
    return phrase


def _issuer_from_number(number: str, doc_type: str, plan: Metadata) -> Issuer:
    """What the suffix implies; an unknown suffix is taken as a body of the plan's own place."""
    code = _issuer_code(number, doc_type)
    entry = _entries_by_code().get(fold(code)) if code else None
    if entry is None:
        return Issuer(None, plan.locality, stated=False)
    if entry.national:
        return Issuer(entry.name, None, stated=False)
    return _local_issuer(entry.name, localities.get(plan.locality), stated=False)


def _local_issuer(body: str, place: localities.Locality | None, stated: bool) -> Issuer:
    if place is None:
        return Issuer(body, None, stated)
    return Issuer(f"{body} {_place_name(place)}", place.id, stated)


def _place_name(place: localities.Locality) -> str:
    """How a body's name ends: 'tỉnh Kon Tum', 'thành phố Hà Nội', 'Thành phố Hồ Chí Minh', 'Quận 11'."""
    own_spelling = [a for a in place.aliases if fold(a).startswith(fold(place.kind) + " ")]
    return own_spelling[0] if own_spelling else place.full_name


# ---------------------------------------------------------------- documents


def _number_key(mention: Mention) -> tuple:
    return mention.doc_type, mention.number, mention.issuer.locality if mention.issuer else None


def _fill_years(mentions: list[Mention]) -> None:
    """An undated number takes the year of the nearest dated mention of it (before, else after)."""
    dated_by_key: dict[tuple, list[tuple[int, Mention]]] = {}
    for index, mention in enumerate(mentions):
        if mention.year is not None:
            dated_by_key.setdefault(_number_key(mention), []).append((index, mention))
    for index, mention in enumerate(mentions):
        if mention.number is None or mention.year is not None:
            continue
        dated = dated_by_key.get(_number_key(mention))
        if dated:
            before = bisect.bisect_left(dated, index, key=lambda entry: entry[0])
            mention.year = dated[before - 1 if before else 0][1].year


def _is_plan_itself(mention: Mention, plan: Metadata) -> bool:
    if mention.number is None or mention.number != plan.number:
        return False
    same_place = mention.issuer is None or mention.issuer.locality == plan.locality
    plan_year = int(plan.date[:4]) if plan.date else None
    return same_place and (mention.year is None or plan_year is None or mention.year == plan_year)


def _document(doc_id: str, mentions: list[Mention]) -> CitedDocument:
    """One record from every mention of a document: the first date, the issuer the text names."""
    first = mentions[0]
    approver = next((m.approver for m in mentions if m.approver), None)
    if approver is not None:
        issuer = approver.issuer
    else:
        issuers = [m.issuer for m in mentions if m.issuer]
        issuer = next((i for i in issuers if i.stated), issuers[0] if issuers else None)
    return CitedDocument(
        id=doc_id,
        type=first.doc_type,
        number=first.number,
        date=next((m.date for m in mentions if m.date), None),
        year=first.year,
        issuer=issuer.name if issuer else None,
        locality=issuer.locality if issuer else None,
        name=first.name,
        subject=next((m.subject for m in mentions if m.subject), None),
        approved_by=document_id(approver) if approver else None,
    )


def _citations(identified: list[tuple[str, Mention]]) -> list[Citation]:
    """One citation per document per clause (per footnote), the first quote, document order;
    its relation the strongest any of those mentions has (:data:`relations.PRIORITY`)."""
    first: dict[tuple, Mention] = {}
    related: dict[tuple, list[Relation]] = {}
    for doc_id, mention in identified:
        key = (doc_id, mention.passage.clause_id, mention.passage.footnote)
        first.setdefault(key, mention)
        if mention.relation:
            related.setdefault(key, []).append(mention.relation)
    return [
        Citation(document=key[0], relation=relations.strongest(related.get(key, ())), clause_id=key[1],
                 footnote=key[2], quote=mention.quote)
        for key, mention in first.items()
    ]


def _mark_implemented_objects(text: PlanText, documents: list[CitedDocument],
                              mentions: dict[str, list[Mention]]) -> None:
    """A document the title or an opening block names as the plan's object ("Kế hoạch triển
    khai thi hành Luật Việc làm") is implemented: its opening mentions say so."""
    objects = [relations.implemented_object(text.metadata.title, title=True)]
    objects += [relations.implemented_object(block.text, title=False) for block in text.preamble]
    objects = [found for found in objects if found]
    for document in documents:
        if any(relations.names_document(found, document) for found in objects):
            for mention in mentions[document.id]:
                if mention.passage.opening and mention.relation in (None, "based-on"):
                    mention.relation = "implements"


def _shortest_law_names(mentions: list[Mention]) -> None:
    """A law's name runs to the first function word, which may come late ("Luật Việc làm bảo đảm
    kịp thời"); when the plan also cites a law whose name is a word-prefix of it ("Luật Việc
    làm"), it is that law."""
    laws = [m for m in mentions if m.number is None and m.issuer is LAWMAKER and m.name]
    names = {(m.doc_type, m.name) for m in laws}
    for mention in laws:
        words = mention.name.split()
        for size in range(1, len(words)):
            shorter = " ".join(words[:size])
            if (mention.doc_type, shorter) in names:
                text, end = mention.passage.text, LAW.match(mention.passage.text, mention.start).end()
                for _ in range(size):
                    end = LAW_WORD.match(text, end).end()
                mention.name, mention.end = shorter, end
                break
