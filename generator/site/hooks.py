"""MkDocs hook: adds the pages generated from the data to the build.

Declared in ``mkdocs.yml`` (``hooks: [generator/site/hooks.py]``). MkDocs
imports this file by path, with only its own folder on ``sys.path``; the
project root is added so that ``generator`` imports the same way as
everywhere else.

Guarantees:

* The data is loaded once per build (``on_config``), from the folder named
  by ``GENERATOR_DATA`` or the project's ``data/``; a missing folder, or bad
  data (a file that does not load, an id that cannot be an anchor, two pages
  on one path) stops the build with a one-line reason, not a traceback.
* Every file the hook adds is written inside ``site_dir``, whatever the data
  says: a destination that would resolve outside it, or whose name is too
  long for the file system, stops the build naming the page.
* Every unresolved reference found in the data is logged as a warning, so
  ``mkdocs build --strict`` fails on it.
* Generated pages exist only in memory (``File.generated``); a generated path
  that is also a file in ``docs/`` stops the build. Section index pages can be
  in the ``nav``; all other generated pages are marked not-in-nav.
* Markdown converts only a generated page's skeleton; ``on_page_content``
  then puts its HTML blocks in place (see :mod:`generator.site.page`).
* After the build, the search index is split into a small first tier and
  one file of sections per plan, and every page points the theme at the
  search worker wrapper that loads them (see :mod:`generator.site.search`).
* In the build of one part of the site (``SITE_PARTS`` names the prepared
  folder, ``SITE_PART`` the part; see :mod:`generator.site.parts`) the data
  is not loaded: the part's prepared files and meta are. A province's part
  holds empty stand-ins for the hub's pages in the navigation (hand-written
  pages included), so its pages' navigation links to them; the hub holds
  the other parts' pages as excluded files, so the links of hand-written
  pages to them are written as in a single build. After the build the part
  lists the files that are its own (``owned.json``) for the merge.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File, Files, InclusionLevel  # noqa: E402

from generator.errors import PlanError  # noqa: E402
from generator.site import build, parts, search, urls  # noqa: E402
from generator.site.page import Document, json_ld  # noqa: E402

log = logging.getLogger("mkdocs.plugins.generator.site")

_documents: dict[str, Document] = {}
"""Generated pages of the current build, by source path, until they are rendered."""

_search_pages: dict[str, search.PageSearch] = {}
"""What the first search tier holds for each generated page, by page location."""

_part: parts.Meta | None = None
"""In the build of one part of the site: its meta; None in a build of the whole site."""

_owned: list[str] = []
"""In the build of one part: the site paths of its own files."""


def on_config(config):
    global _part
    _documents.clear()
    _search_pages.clear()
    _owned.clear()
    _part = None
    if os.environ.get(parts.FOLDER_ENVIRONMENT):
        folder, name = _part_location()
        try:
            _part = parts.read_meta(folder, name)
        except OSError as error:
            raise PluginError(f"{folder / name}: không đọc được phần đã chuẩn bị của trang ({error})") from None
        if _part.summary is not None:
            build.use_summary(_part.summary)
        return config
    try:
        build.load()
    except FileNotFoundError as error:
        raise PluginError(str(error)) from None
    except PlanError as error:
        raise PluginError(f"dữ liệu không đọc được: {error}") from None
    return config


def on_files(files: Files, config) -> Files:
    if _part is None:
        corpus = build.current()
        for problem in corpus.problems:
            log.warning(problem)
        outputs = build.generate(corpus, config.use_directory_urls, build.schema_file(), config.site_url or "")
        page_search = search.pages(corpus)
    else:
        outputs = parts.read_outputs(*_part_location())
        page_search = _part.search
        _stand_ins(files, config)
    site_dir = Path(config.site_dir).resolve()
    try:
        for output in outputs:
            if files.get_file_from_path(output.uri) is not None:
                raise PluginError(f"docs/{output.uri} trùng với một trang sinh từ dữ liệu; hãy xóa hoặc đổi tên tệp đó")
            content = output.content
            if isinstance(content, Document):
                _documents[output.uri] = content
                inclusion = InclusionLevel.INCLUDED if output.in_nav else InclusionLevel.NOT_IN_NAV
                generated = File.generated(config, output.uri, content=content.markdown, inclusion=inclusion)
                _search_pages[generated.url] = page_search.get(output.uri, search.PageSearch())
            elif isinstance(content, Path):
                generated = File.generated(config, output.uri, abs_src_path=str(content))
            else:
                generated = File.generated(config, output.uri, content=content)
            _inside(site_dir, generated)
            files.append(generated)
            _owned.append(generated.dest_uri)
    except ValueError as error:  # an id that cannot be a URL or anchor, or two pages on one path
        raise PluginError(str(error)) from None
    if _part is None or _part.part == parts.HUB:
        try:
            bundle = build.offline_bundle()
        except FileNotFoundError as error:
            raise PluginError(str(error)) from None
        if bundle is not None:
            files.append(File.generated(config, urls.OFFLINE_BUNDLE, abs_src_path=str(bundle.resolve())))
    return files


def _part_location() -> tuple[Path, str]:
    """The prepared folder and the part this build makes, from the environment."""
    name = os.environ.get(parts.PART_ENVIRONMENT, "")
    if not name:
        raise PluginError(f"{parts.FOLDER_ENVIRONMENT} được đặt nhưng {parts.PART_ENVIRONMENT} thì không")
    return Path(os.environ[parts.FOLDER_ENVIRONMENT]), name


def _stand_ins(files: Files, config) -> None:
    """The pages of other parts this part's pages link to through MkDocs (see the module)."""
    if _part.part == parts.HUB:
        for uri in _part.elsewhere:
            files.append(File.generated(config, uri, content="", inclusion=InclusionLevel.EXCLUDED))
        return
    for file in list(files.documentation_pages()):
        files.remove(file)
        files.append(File.generated(config, file.src_uri, content=_STAND_IN, inclusion=file.inclusion))
    for uri in _part.placeholders:
        files.append(File.generated(config, uri, content=_STAND_IN))


_STAND_IN = "---\nsearch:\n  exclude: true\n---\n"
"""A stand-in page: empty, and out of the part's search index (the hub's page is the one indexed)."""


def _inside(site_dir: Path, file: File) -> None:
    """Stop the build when ``file`` would be written outside ``site_dir`` or under a name too long."""
    destination = Path(os.path.normpath(os.path.join(site_dir, file.dest_uri)))
    if destination == site_dir or not destination.is_relative_to(site_dir):
        raise PluginError(f"trang {file.src_uri!r} sẽ được ghi ra ngoài thư mục trang ({destination}); dừng")
    if any(len(part.encode("utf-8")) > 255 for part in Path(file.dest_uri).parts):
        raise PluginError(f"trang {file.src_uri[:120]!r}: tên tệp dài quá 255 byte")


def on_page_context(context, *, page, config, **_):
    """Every page's canonical link is its public address, in the offline bundle too (whose own
    pages end in ``.html``): copied citations and shared links name the public site."""
    if config.site_url:
        page.canonical_url = urls.public_address(config.site_url, page.file.src_uri)
    return context


def on_page_content(html: str, *, page, config, **_) -> str:
    """Put the HTML blocks of a generated page in place of their markers; its schema.org data
    becomes ``page.meta["json_ld"]``, which ``overrides/main.html`` writes in the head."""
    document = _documents.pop(page.file.src_uri, None)
    if document is None:
        return html
    if document.structured is not None:
        address = urls.public_address(config.site_url or "", page.file.src_uri)
        page.meta["json_ld"] = json_ld(document.structured, address)
    return document.fill(html)


def on_post_page(output: str, **_) -> str:
    """Point the theme at the search worker wrapper (:func:`generator.site.search.use_worker_wrapper`)."""
    return _use_worker_wrapper(output)


def on_post_template(output_content: str, **_) -> str:
    """The same for pages rendered from theme templates alone (404.html)."""
    return _use_worker_wrapper(output_content)


@event_priority(-50)  # after the search plugin writes its index, before the offline plugin inlines it
def on_post_build(config) -> None:
    tiers = search.write(Path(config.site_dir), _search_pages)
    if _part is not None:
        folder, name = _part_location()
        parts.write_owned(folder, name, [*_owned, *(f"{search.INDEX.parent.as_posix()}/{shard}" for shard in tiers.shards)])


def _use_worker_wrapper(page_html: str) -> str:
    try:
        return search.use_worker_wrapper(page_html)
    except ValueError as error:
        raise PluginError(str(error)) from None
