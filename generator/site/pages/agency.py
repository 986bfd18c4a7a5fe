"""The agency page, ``/co-quan/<agency-id>/``.

Guarantees:

* Every assignment of the agency, across all plans, is one row with a link
  to its clause, the task (each paragraph or list item of the clause as one
  short excerpt when the clause has several, else an excerpt of the task)
  and the "đề nghị" mark when the plan only requests it; rows follow plan id
  and document order.
* Every deadline (reporting or completion) naming the agency among those
  who must act is listed with its clause link.
* Agencies of the same type in other localities: the :data:`SAME_TYPE_SHOWN`
  nearest to this one in province and locality order (so those of its own
  province come first), then a link to the full, paginated list of that
  type; the page size and the work per page do not grow with the number of
  agencies.
"""

from __future__ import annotations

import functools

from generator import localities, succession
from generator.models import Assignment
from generator.site import display, urls
from generator.site.corpus import AgencyRecord, Corpus, PlanEntry
from generator.site.html import Html, join, tag
from generator.site.page import Document, HtmlBlock, block, document, heading
from generator.site.urls import Links
from generator.site.widgets import (
    agency_link,
    agency_type_name,
    anchor_link,
    calendar_offer,
    definition_list,
    empty,
    expandable,
    footnoted,
    link,
    link_list,
    locality_link,
    paragraph,
    plan_link,
    request_badge,
    request_note,
    table,
)
from generator.structure import find_clause

SAME_TYPE_SHOWN = 20
TASK_EXCERPT = 200
"""Characters shown of each paragraph or item of an assigned clause."""


def render(corpus: Corpus, record: AgencyRecord, links: Links) -> Document:
    agency = record.agency
    facts = [
        ("Loại cơ quan", agency_type_name(agency.type)),
        ("Địa phương", locality_link(links, corpus, localities.get(agency.locality))),
        ("Số mục được giao", str(len(record.tasks))),
    ]
    parts = [heading(1, agency.name, "tieu-de"), block(definition_list(facts, class_="facts"))]
    if agency.review:
        parts.append(
            block(paragraph("Cơ quan này chưa có trong danh mục chuẩn; tên đang chờ người biên tập rà soát.", "review"))
        )
    parts += _today(corpus, record, links)
    parts += _tasks(record, links) + _deadlines(corpus, record, links) + _same_type(corpus, record, links)
    description = (f"{len(record.tasks)} nhiệm vụ và {len(record.deadlines)} hạn báo cáo, hoàn thành giao cho "
                   f"{agency.name} trong các kế hoạch lao động, việc làm.")
    return document(agency.name, *parts, description=description)


def _today(corpus: Corpus, record: AgencyRecord, links: Links) -> list[HtmlBlock]:
    """Who does this agency's work today, when its type ended in the 2025 reform."""
    ended = succession.ending(record.agency)
    if ended is None:
        return []
    parts = []
    for number, successor in enumerate(succession.successors(record.agency)):
        name = (agency_link(links, corpus, successor.agency.id) if successor.agency.id in corpus.agencies
                else tag("span", successor.agency.name))
        parts.append(join([f"nhiệm vụ {successor.work} do ", name, " đảm nhận"]) if number == 0
                     else join([f"{successor.work}: ", name]))
    since = display.legal_date(succession.first_day_after(ended))
    text = join([f"Từ {since}, {agency_type_name(record.agency.type)} không còn; ", join(parts, "; "), "."])
    locality = localities.get(record.agency.locality)
    now = localities.today(locality)
    if locality is not None and now is not None and now.id != (locality.province or locality.id):
        text = join([text, f" Từ {display.legal_date(localities.REFORM_DATE)}, {locality.full_name} thuộc {now.kind} ",
                     locality_link(links, corpus, now), f": đó là các cơ quan của {now.full_name}."])
    return [heading(2, "Cơ quan đảm nhận hiện nay", "hien-nay"), block(paragraph(text, "lead"))]


def _tasks(record: AgencyRecord, links: Links) -> list[str | HtmlBlock]:
    tasks = sorted(record.tasks, key=lambda item: (item[0].id, item[0].position(item[1].clause_id)))
    rows = [
        [
            join([_task(links, entry, task), " ", request_badge() if task.request else None]),
            plan_link(links, entry),
            anchor_link(links, entry, task.clause_id),
        ]
        for entry, task in tasks
    ]
    body = table(["Nhiệm vụ", "Kế hoạch", "Mục"], rows) if rows else empty("Chưa có nhiệm vụ nào được trích xuất.")
    note = request_note(any(task.request for _, task in tasks))
    return [heading(2, "Nhiệm vụ được giao", "nhiem-vu"), *(block(item) for item in note), block(body)]


def _task(links: Links, entry: PlanEntry, task: Assignment) -> Html | str:
    """The clause's paragraphs and items as a list of excerpts, or the task's excerpt; each
    excerpt opens to its whole text."""
    clause = find_clause(entry.plan.clauses, task.clause_id)
    parts = [block.text for block in clause.blocks] if clause else []
    render = functools.partial(footnoted, links, entry)
    if len(parts) < 2:
        return expandable(task.task, TASK_EXCERPT, render)
    return tag("ul", *(tag("li", expandable(text, TASK_EXCERPT, render)) for text in parts), class_="tasks")


def _deadlines(corpus: Corpus, record: AgencyRecord, links: Links) -> list[str | HtmlBlock]:
    deadlines = sorted(record.deadlines, key=lambda item: (item[0].id, item[0].position(item[1].clause_id)))
    rows = [
        [
            display.due(deadline),
            display.frequency(deadline),
            display.deadline_kind(deadline),
            agency_link(links, corpus, deadline.recipient) if deadline.recipient else display.UNKNOWN,
            plan_link(links, entry),
            anchor_link(links, entry, deadline.clause_id),
        ]
        for entry, deadline in deadlines
    ]
    headers = ["Thời hạn", "Tần suất", "Loại", "Gửi tới", "Kế hoạch", "Mục"]
    body = table(headers, rows) if rows else empty("Không có hạn báo cáo hay hoàn thành nào giao cho cơ quan này.")
    offer = calendar_offer(links, urls.agency_calendar(record.agency.id), deadlines)
    return [heading(2, "Hạn báo cáo và hoàn thành", "bao-cao"), block(body), *(block(item) for item in offer)]


def _same_type(corpus: Corpus, record: AgencyRecord, links: Links) -> list[str | HtmlBlock]:
    """Up to SAME_TYPE_SHOWN agencies of the type around this one in province and locality order."""
    of_type = corpus.agency_types.get(record.agency.type, [])
    if not record.agency.type or len(of_type) < 2:
        return []
    position = corpus.agency_rank[record.agency.id]
    start = max(0, min(position - SAME_TYPE_SHOWN // 2, len(of_type) - SAME_TYPE_SHOWN - 1))
    shown = [other for other in of_type[start : start + SAME_TYPE_SHOWN + 1] if other != record.agency.id]
    items = [agency_link(links, corpus, other) for other in shown]
    parts = [heading(2, "Cơ quan cùng loại ở địa phương khác", "cung-loai"), block(link_list(items))]
    if len(of_type) - 1 > len(shown):
        more = link(links.to(urls.agency_type(record.agency.type)), f"Xem tất cả {len(of_type)} cơ quan loại này")
        parts.append(block(paragraph(more)))
    return parts
