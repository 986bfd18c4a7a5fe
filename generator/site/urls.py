"""Where every page and data file lives, and relative links between them.

Guarantees:

* Each kind of page has one source path (``src_uri``) function here; no
  other module spells a path. Ids were checked when they entered
  (:mod:`generator.ids`); here every path is checked again by
  :func:`safe_path` (segments of ``[A-Za-z0-9_.:-]``, none ``.`` or ``..``,
  none longer than a file name allows), so a path always stays inside the
  site and is a safe URL.
* A source file keeps the name it was received with in ``data/sources/``;
  its published copy is named after the plan made from it, with the file's
  own extension (:func:`source_file`: ``ha-noi-21-kh-ubnd-2023.docx``), a
  name a reader can tell apart in a downloads folder, distinct for distinct
  plans and safe in a URL.
* :class:`Links` gives the relative URL from one page to another exactly as
  MkDocs would write it, for ``use_directory_urls`` true (``ke-hoach/x/``)
  and false (``ke-hoach/x.html``, what the offline build uses), so links in
  generated raw HTML work from a web server and from ``file://`` alike.
"""

from __future__ import annotations

import posixpath
import re

from generator.site.html import Html, identifier
from generator.textutil import slugify

PLANS = "ke-hoach/index.md"
INDICATORS = "chi-tieu/index.md"
AGENCIES = "co-quan/index.md"
LOCALITIES = "dia-phuong/index.md"
DOCUMENTS = "van-ban/index.md"
COMPARISON = "so-sanh/index.md"
DATA = "du-lieu"


_SEGMENT = re.compile(r"^[A-Za-z0-9_.:-]{1,200}$")


def safe_path(value: str) -> str:
    """``value`` if it is a relative path that stays where it is put; otherwise ValueError."""
    segments = value.split("/")
    if not all(_SEGMENT.match(part) and part not in (".", "..") for part in segments):
        raise ValueError(f"không dùng được làm đường dẫn trên trang: {value[:120]!r}")
    return value


def public_address(site_url: str, src_uri: str) -> str:
    """The address of page ``src_uri`` on the public site (directory URLs, as the site is
    served), whatever URL style this build writes: ``ke-hoach/x.md`` -> ``<site_url>ke-hoach/x/``."""
    path = src_uri.removesuffix(".md")
    path = "" if path == "index" else path.removesuffix("/index") + "/"
    return site_url.rstrip("/") + "/" + path


def plan(plan_id: str) -> str:
    return f"ke-hoach/{safe_path(plan_id)}.md"


def indicator(indicator_id: str) -> str:
    return f"chi-tieu/{safe_path(indicator_id)}.md"


def indicator_province(indicator_id: str, province_id: str) -> str:
    """The targets of an indicator in one province of today, when its own page has too many to list."""
    return f"chi-tieu/{safe_path(indicator_id)}/{safe_path(province_id)}.md"


def agency(agency_id: str) -> str:
    return f"co-quan/{safe_path(agency_id)}.md"


def locality(locality_id: str) -> str:
    return f"dia-phuong/{safe_path(locality_id)}.md"


def document(document_id: str) -> str:
    return f"van-ban/{safe_path(document_id)}.md"


def listing(section: str, group: str, page: int = 1) -> str:
    """A page of a grouped listing: ``ke-hoach/nam/2023.md``, then ``.../2023/2.md``."""
    base = f"{section}/{safe_path(group)}"
    return f"{base}.md" if page == 1 else f"{base}/{page}.md"


def group(name: str) -> str:
    """URL slug of a listing group named in Vietnamese: 'Sở Tài chính' -> 'so-tai-chinh'."""
    return slugify(name) or "khac"


def agency_type(type_name: str, page: int = 1) -> str:
    return listing("co-quan/loai", group(type_name), page)


def comparison(page: int) -> str:
    return COMPARISON if page == 1 else f"so-sanh/{page}.md"


def plan_data(plan_id: str, extension: str) -> str:
    return f"{DATA}/ke-hoach/{safe_path(plan_id)}.{extension}"


def source_file(plan_id: str, file_name: str) -> str:
    """The published copy of source ``file_name``, named after plan ``plan_id`` made from it."""
    stem, dot, extension = file_name.rpartition(".")
    suffix = slugify(extension)[:10] if dot and stem else ""
    return f"{DATA}/nguon/{safe_path(plan_id)}" + (f".{suffix}" if suffix else "")


def indicator_csv(indicator_id: str) -> str:
    return f"{DATA}/chi-tieu/{safe_path(indicator_id)}.csv"


def plan_calendar(plan_id: str) -> str:
    return f"{DATA}/lich/ke-hoach/{safe_path(plan_id)}.ics"


def agency_calendar(agency_id: str) -> str:
    return f"{DATA}/lich/co-quan/{safe_path(agency_id)}.ics"


ALL_TARGETS_CSV = f"{DATA}/chi-tieu.csv"
ALL_PLANS_CSV = f"{DATA}/ke-hoach.csv"
SCHEMA = f"{DATA}/plan.schema.json"
DATA_PACKAGE = f"{DATA}/datapackage.json"
API_PLANS = f"{DATA}/api/ke-hoach.json"
API_INDICATORS = f"{DATA}/api/chi-tieu.json"
API_AGENCIES = f"{DATA}/api/co-quan.json"
API_DOCUMENTS = f"{DATA}/api/van-ban.json"
API_SCHEMA = f"{DATA}/api/schema.json"
OFFLINE_BUNDLE = f"{DATA}/ke-hoach-lao-dong-offline.zip"


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
