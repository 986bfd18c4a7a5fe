"""The one way data reaches a page: escaping and a tiny HTML builder.

Guarantees:

* :func:`escape` is the only function that turns data (plan text, names,
  numbers) into page text. Its output contains no HTML markup (``<``, ``>``,
  ``&``, quotes are entities), and no character that Markdown, attribute
  lists or Jinja could read as syntax: ``#``, ``*``, ``_``, ``[``, ``]``,
  backticks, ``\\``, ``|``, ``!``, ``{`` and ``}`` become numeric entities, so
  ``# x``, ``| a | b |``, ``{{ 7*7 }}`` and ``{% raw %}`` show literally
  wherever the text lands: inside raw HTML, in a Markdown heading, in an
  attribute value or in an SVG ``<text>``.
* :class:`Html` marks a string as already safe. :func:`tag` and
  :func:`join` escape every child and attribute value that is not
  :class:`Html`, so forgetting to escape double-escapes (visible) instead
  of injecting markup.
* Identifiers that become anchors or URL parts are checked by
  :func:`identifier`; anything outside ``[A-Za-z0-9_.:/-]`` is a
  :class:`ValueError`, never a silently altered link.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

_ENTITIES = {ord(char): f"&#{ord(char)};" for char in "#*_[]`\\|!{}"}
_ENTITIES.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;", ord("'"): "&#39;"})
_SPECIAL = re.compile("[" + re.escape("".join(map(chr, _ENTITIES))) + "]")
"""Any character :func:`escape` replaces: most texts have none, and a search is cheaper than a translation."""
_IDENTIFIER = re.compile(r"^[A-Za-z0-9_.:-]+(?:/[A-Za-z0-9_.:-]+)*$")
_VOID = frozenset({"br", "img", "input", "meta", "link", "hr"})


class Html(str):
    """A string of HTML that is safe to emit as is."""

    __slots__ = ()


def escape(text: str) -> Html:
    """Make any text safe to show literally in HTML and Markdown (see module docstring)."""
    return Html(text.translate(_ENTITIES) if _SPECIAL.search(text) else text)


def identifier(value: str) -> str:
    """``value`` if it is safe as an HTML id and URL path; otherwise ValueError."""
    if not _IDENTIFIER.match(value):
        raise ValueError(f"không dùng được làm định danh (id) trên trang: {value!r}")
    return value


def to_html(value: Html | str | int | float | None) -> Html:
    """Html stays as is, None is empty, anything else is escaped."""
    if isinstance(value, Html):
        return value
    if value is None:
        return Html("")
    return escape(str(value))


def join(children: Iterable[Html | str | int | float | None], separator: str = "") -> Html:
    """Concatenate children, escaping those that are not Html."""
    return Html(separator.join(map(to_html, children)))


@functools.cache
def _attribute(key: str) -> str:
    """The HTML name of a Python-style attribute name: ``class_`` -> ``class``, ``data_cite`` -> ``data-cite``."""
    return key.rstrip("_").replace("_", "-")


def tag(name: str, *children: Html | str | int | float | None, **attributes: Html | str | int | bool | None) -> Html:
    """``<name attr="...">children</name>``.

    Attribute names are written Python style (``class_``, ``data_cite``,
    ``aria_label``) and come out HTML style (``class``, ``data-cite``).
    ``None`` and ``False`` drop the attribute, ``True`` writes it bare.
    """
    parts = [name]
    for key, value in attributes.items():
        if value is None or value is False:
            continue
        attribute = _attribute(key)
        parts.append(attribute if value is True else f'{attribute}="{to_html(value)}"')
    opening = "<" + " ".join(parts) + ">"
    if name in _VOID:
        return Html(opening)
    return Html("".join([opening, *map(to_html, children), f"</{name}>"]))  # one copy, however large
