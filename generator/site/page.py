"""Assembling a generated page: front matter, Markdown headings, HTML blocks.

A generated page is Markdown only at its skeleton: front matter and headings,
so that MkDocs builds the table of contents and the search plugin splits the
page into sections. Everything else is finished HTML, kept out of the
Markdown: the skeleton holds a marker ``<!--generated:N-->`` for each block,
Python-Markdown passes the marker through untouched, and the MkDocs hook puts
block N in its place after conversion (``on_page_content``). So plan text is
never read as Markdown, a generated page never goes through Jinja
(mkdocs-macros runs with ``render_by_default: false``), and Markdown does not
spend time parsing large HTML tables.

Guarantees:

* The title in the front matter is escaped by
  :func:`generator.site.html.escape` and written as a JSON string, which YAML
  reads back unchanged.
* A heading's text is escaped; its anchor is checked by
  :func:`generator.site.html.identifier` and set with ``attr_list``, so the
  element id is exactly that anchor.
* A marker cannot come from data: data is escaped, so ``<!--`` never
  survives in it; :func:`fill` only replaces markers of the page's own blocks.
* The description (``<meta name="description">``, Open Graph) is escaped the
  same way as the title. The schema.org data of a page (:func:`json_ld`) is
  JSON with ``<``, ``>`` and ``&`` written as ``\u003c`` …, so no text of it
  can end the ``<script>`` that holds it.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from generator.site.html import Html, identifier, to_html

MARKER = re.compile(r"<!--generated:(\d+)-->")


@dataclass(frozen=True)
class HtmlBlock:
    """A piece of finished HTML in a page."""

    html: Html


@dataclass(frozen=True)
class Document:
    """A generated page: its Markdown skeleton and the HTML blocks its markers stand for."""

    markdown: str
    blocks: tuple[Html, ...]
    structured: dict | None = None  # schema.org data; "url" values starting with '#' are on this page

    def fill(self, converted: str) -> str:
        """The HTML of the converted skeleton with every marker replaced by its block."""
        return MARKER.sub(lambda match: self.blocks[int(match[1])], converted)


@dataclass(frozen=True)
class Output:
    """One file of the site made from the data: a page or a download."""

    uri: str
    content: Document | str | bytes | Path  # a Path is copied from disk as is
    in_nav: bool = False


def document(
    title: Html | str, *parts: str | HtmlBlock, hide: tuple[str, ...] = (), searchable: bool = True,
    description: str | None = None, structured: dict | None = None,
) -> Document:
    """A whole page: front matter, then ``parts`` (Markdown text or blocks) in order.

    ``hide`` lists Material's sidebars to hide (``navigation``, ``toc``); a page
    that only repeats what other pages say (a listing) is not ``searchable``.
    ``description`` is what search engines and shared links show of the page
    (the site's description when None); ``structured`` its schema.org data.
    """
    front = [f"title: {json.dumps(to_html(title), ensure_ascii=False)}"]
    if description:
        front.append(f"description: {json.dumps(to_html(description), ensure_ascii=False)}")
    if hide:
        front.append("hide: [" + ", ".join(hide) + "]")
    if not searchable:
        front.append("search: {exclude: true}")
    skeleton = ["---\n" + "\n".join(front) + "\n---\n\n"]
    blocks: list[Html] = []
    for part in parts:
        if isinstance(part, HtmlBlock):
            skeleton.append(f"<!--generated:{len(blocks)}-->\n\n")
            blocks.append(part.html)
        else:
            skeleton.append(part)
    return Document("".join(skeleton), tuple(blocks), structured)


_SCRIPT_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def json_ld(structured: dict, address: str) -> str:
    """``structured`` as JSON-LD text for a ``<script>`` of the page at ``address``: its ``url``
    is the page's, every ``"url"`` that is a fragment (``#III.2.4``) made absolute; see the
    module's guarantees."""

    def resolve(value):
        if isinstance(value, dict):
            return {key: urllib.parse.urljoin(address, item) if key == "url" and isinstance(item, str)
                    and item.startswith("#") else resolve(item) for key, item in value.items()}
        if isinstance(value, list):
            return [resolve(item) for item in value]
        return value

    return json.dumps(resolve({**structured, "url": address}), ensure_ascii=False, sort_keys=True).translate(_SCRIPT_UNSAFE)


def heading(level: int, text: Html | str, anchor: str | None = None, classes: tuple[str, ...] = ()) -> str:
    """A Markdown ATX heading (levels deeper than 6 become 6) with an exact id."""
    attributes = ([f"#{identifier(anchor)}"] if anchor else []) + [f".{name}" for name in classes]
    suffix = " {" + " ".join(attributes) + "}" if attributes else ""
    return "#" * min(level, 6) + " " + to_html(text) + suffix + "\n\n"


def block(html: Html) -> HtmlBlock:
    """Finished HTML to place between headings."""
    if not isinstance(html, Html):
        raise TypeError("a block must be Html built by generator.site.html")
    return HtmlBlock(html)
