"""What a plan does with a document it cites, read from the words around the citation.

Vietnamese plans say it in a few fixed ways; each rule below is one of them,
and a citation no rule speaks for stays a plain reference (``None``):

* **based-on**: the opening lists the plan's legal bases, one item each,
  starting "Căn cứ ..." ("Căn cứ Luật ...; Căn cứ Quyết định số ...;"). An item
  after a ';' that starts with another document ("...; Quyết định số 133 ...")
  continues the list before it.
* **implements**: an opening item starts "Thực hiện", "Triển khai (thực hiện |
  thi hành)", "Thi hành", "Nhằm/Để (chỉ đạo) (triển khai) thực hiện | thi hành |
  cụ thể hóa" ("Thực hiện Nghị quyết số 06/NQ-CP ..."). Also a document the plan
  names as its object, in its title or in the sentence that issues it
  ("Kế hoạch triển khai thi hành Luật Việc làm", "ban hành Kế hoạch thực hiện
  Nghị quyết số 06/NQ-CP"): see :func:`implemented_object`.
* **amends** / **replaces**: "sửa đổi, bổ sung" / "thay thế" (or "bãi bỏ")
  right before the document, in a sentence whose subject is the plan itself
  ("Kế hoạch này thay thế Kế hoạch số ...", or the verb opening the sentence).
  In "Căn cứ Thông tư 75 sửa đổi, bổ sung Thông tư 55" it is the cited Thông
  tư that amends, so an item of the legal bases never amends or replaces.

An opening item that starts otherwise ("Theo đề nghị của ...", "Xét ...")
leaves its documents plain references. Every function here reads folded
text (:func:`generator.textutil.fold`: lower case, no diacritics), so case and
tone marks do not matter.
"""

from __future__ import annotations

import re

from generator.models import CitedDocument, Relation
from generator.textutil import fold

PRIORITY: tuple[Relation, ...] = ("replaces", "amends", "implements", "based-on")
"""When a document is cited several ways in one place, the first of these it has wins."""

_BASED_ON = re.compile(r"\s*can cu\b")
_IMPLEMENTS = re.compile(
    r"\s*(?:(?:nham|de)\s+(?:chi dao\s+)?(?:trien khai\s+)?(?:thuc hien|thi hanh|cu the hoa)"
    r"|trien khai(?:\s+(?:thuc hien|thi hanh))?|thuc hien|thi hanh)\b"
)
_DOCUMENT_START = re.compile(
    r"\s*(?:va\s+)?(?:bo luat|luat|nghi quyet|nghi dinh|quyet dinh|thong tu|chi thi|ke hoach|cong dien|cong van"
    r"|ket luan|thong bao|huong dan|de an|chien luoc|chuong trinh|thong tri|van ban)\b"
)
_CHANGE = re.compile(r"(?:(?P<amends>sua doi,?\s+bo sung|sua doi|dieu chinh)|(?P<replaces>thay the|bai bo))"
                     r"(?:\s+(?:mot so (?:dieu|noi dung)(?:\s+cua)?|cho|toan bo))?\s*$")
_THIS_DOCUMENT = re.compile(r"\b(?:ke hoach|chuong trinh|quyet dinh|de an|nghi quyet) nay\b")
_IMPLEMENTING = r"(?:(?:trien khai\s+)?(?:thuc hien|thi hanh)|trien khai)\s+(?P<object>.+)"
_TITLE_OBJECT = re.compile(rf"^(?:(?:ke hoach|chuong trinh)\s+)?{_IMPLEMENTING}")  # "Triển khai thi hành <object>"
_ISSUED_OBJECT = re.compile(  # "... ban hành Kế hoạch thực hiện <object>", not "... về (việc) ban hành ..."
    rf"(?<!ve )(?<!viec )\b(?:ban hanh|xay dung)\s+(?:ke hoach|chuong trinh)\s+{_IMPLEMENTING}"
)
_ISSUING_VERB = re.compile(r"^(?:ve\s+)?(?:viec\s+)?(?:ban hanh|phe duyet)\s+")
MIN_SHARED_WORDS = 4
"""Words a plan's object and a cited decision's subject must share from their start to match."""


def opening_relation(before: str) -> Relation | None:
    """The relation a mention in a preamble block has, from the block's text ``before`` it."""
    items = fold(before).split(";")
    for item in reversed(items):
        if _BASED_ON.match(item):
            return "based-on"
        if _IMPLEMENTS.match(item):
            return "implements"
        if not item.strip() or _DOCUMENT_START.match(item):
            continue  # one more document of the list before
        return None
    return None


def change_relation(before: str) -> Relation | None:
    """'amends' or 'replaces' when the text ``before`` a mention ends with the plan changing it."""
    folded = fold(before)
    change = _CHANGE.search(folded)
    if change is None:
        return None
    sentence = re.split(r"[.;:]\s", folded[: change.start()])[-1]
    if _BASED_ON.match(sentence):
        return None
    if not (_THIS_DOCUMENT.search(sentence) or not sentence.strip()):
        return None
    return "amends" if change["amends"] else "replaces"


def implemented_object(text: str, title: bool) -> str | None:
    """What a plan's ``title`` ("Triển khai thi hành Luật Việc làm") or the opening sentence that
    issues it ("... ban hành Kế hoạch thực hiện Nghị quyết số 06/NQ-CP"; not the "về ban hành"
    of a cited decision) says the plan implements, folded; else None."""
    folded = fold(text).strip()
    match = _TITLE_OBJECT.match(folded) if title else _ISSUED_OBJECT.search(folded)
    return match["object"] if match else None


def names_document(target: str, document: CitedDocument) -> bool:
    """Whether the folded object ``target`` is ``document``: by its number, its type and name
    ("luật việc làm") or, for a decision, what it issues or approves ("ban hành Chiến lược lao
    động và việc làm ...": the first :data:`MIN_SHARED_WORDS` words or more agree)."""
    number, subject = document.number, document.subject
    name = f"{document.type} {document.name}" if document.name else None
    words = target.split()
    if number and re.search(rf"(?<![\w/]){re.escape(fold(number))}(?![\w/])", target):
        return True
    if name and _starts_with(words, fold(name).split()):
        return True
    if subject:
        issued = _ISSUING_VERB.sub("", fold(subject))
        if issued != fold(subject):
            shared = 0
            for ours, theirs in zip(words, issued.split()):
                if ours != theirs:
                    break
                shared += 1
            return shared >= MIN_SHARED_WORDS
    return False


def _starts_with(words: list[str], prefix: list[str]) -> bool:
    return bool(prefix) and words[: len(prefix)] == prefix


def strongest(relations) -> Relation | None:
    """The relation of :data:`PRIORITY` that comes first among ``relations``."""
    present = set(relations)
    return next((relation for relation in PRIORITY if relation in present), None)
