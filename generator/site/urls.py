"""Where every page and data file lives, and relative links between them.

Guarantees:

* Each kind of page has one source path (``src_uri``) function here; no
  other module spells a path. Ids are checked by
  :func:`generator.site.html.identifier`, so a path is always a safe URL.
* :class:`Links` gives the relative URL from one page to another exactly as
  MkDocs would write it, for ``use_directory_urls`` true (``ke-hoach/x/``)
  and false (``ke-hoach/x.html``, what the offline build uses), so links in
  generated raw HTML work from a web server and from ``file://`` alike.
"""

from __future__ import annotations

import posixpath

from generator.site.html import Html, identifier
from generator.textutil import slugify

PLANS = "ke-hoach/index.md"
INDICATORS = "chi-tieu/index.md"
AGENCIES = "co-quan/index.md"
LOCALITIES = "dia-phuong/index.md"
DOCUMENTS = "van-ban/index.md"
COMPARISON = "so-sanh/index.md"
DATA = "du-lieu"


def plan(plan_id: str) -> str:
    return f"ke-hoach/{identifier(plan_id)}.md"


def indicator(indicator_id: str) -> str:
    return f"chi-tieu/{identifier(indicator_id)}.md"


def agency(agency_id: str) -> str:
    return f"co-quan/{identifier(agency_id)}.md"


def locality(locality_id: str) -> str:
    return f"dia-phuong/{identifier(locality_id)}.md"


def document(document_id: str) -> str:
    return f"van-ban/{identifier(document_id)}.md"


def listing(section: str, group: str, page: int = 1) -> str:
    """A page of a grouped listing: ``ke-hoach/nam/2023.md``, then ``.../2023/2.md``."""
    base = f"{section}/{identifier(group)}"
    return f"{base}.md" if page == 1 else f"{base}/{page}.md"


def group(name: str) -> str:
    """URL slug of a listing group named in Vietnamese: 'Sở Tài chính' -> 'so-tai-chinh'."""
    return slugify(name) or "khac"


def agency_type(type_name: str, page: int = 1) -> str:
    return listing("co-quan/loai", group(type_name), page)


def comparison(page: int) -> str:
    return COMPARISON if page == 1 else f"so-sanh/{page}.md"


def plan_data(plan_id: str, extension: str) -> str:
    return f"{DATA}/ke-hoach/{identifier(plan_id)}.{extension}"


def source_file(file_name: str) -> str:
    return f"{DATA}/nguon/{identifier(file_name)}"


def indicator_csv(indicator_id: str) -> str:
    return f"{DATA}/chi-tieu/{identifier(indicator_id)}.csv"


ALL_TARGETS_CSV = f"{DATA}/chi-tieu.csv"
ALL_PLANS_CSV = f"{DATA}/ke-hoach.csv"
SCHEMA = f"{DATA}/plan.schema.json"


def page_url(src_uri: str, directory_urls: bool) -> str:
    """The URL (relative to the site root) MkDocs gives the file ``src_uri``."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return stem + "/"


class Links:
    """Relative links from the page ``src_uri``."""

    def __init__(self, src_uri: str, directory_urls: bool):
        self.src_uri = src_uri
        self.directory_urls = directory_urls
        self.url = page_url(src_uri, directory_urls)
        base = self.url[:-1] if self.url.endswith("/") else posixpath.dirname(self.url)
        self._base = base.split("/") if base else []

    def to(self, target_uri: str, anchor: str | None = None) -> Html:
        """Relative URL of ``target_uri`` (plus ``#anchor``) seen from this page."""
        fragment = "" if anchor is None else "#" + identifier(anchor)
        if target_uri == self.src_uri and fragment:
            return Html(fragment)
        target = page_url(target_uri, self.directory_urls)
        parts = target.rstrip("/").split("/") if target else []
        common = 0
        while common < min(len(parts), len(self._base)) and parts[common] == self._base[common]:
            common += 1
        relative = "/".join([".."] * (len(self._base) - common) + parts[common:])
        if target.endswith("/") or target == "":
            relative = relative + "/" if relative else "./"
        return Html(relative + fragment)
