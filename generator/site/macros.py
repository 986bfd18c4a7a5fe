"""mkdocs-macros module: what hand-written pages may use from the data.

Only pages that opt in with ``render_macros: true`` in their front matter
are rendered by Jinja; generated pages never are. Macros return Markdown in
which every piece of data has gone through
:func:`generator.site.html.escape`, and links point at page sources
(``ke-hoach/<id>.md``), so MkDocs checks and rewrites them like any other.

Available in a page: ``counts()`` (plans, localities, indicators, agencies,
documents, targets), ``latest_plans(n)``, ``top_indicators(n)`` and
``api_version()`` (the version of the published data's shape) and
``offline_bundle()`` (the offline zip this build publishes: its link, size
and date, or None).
"""

from __future__ import annotations

import posixpath

from generator.site import build, datapackage, display, urls
from generator.site.citation import plan_name
from generator.site.html import escape
from generator.site.pages.listings import plan_order


def define_env(env) -> None:
    def relative(target: str) -> str:
        page_dir = posixpath.dirname(env.page.file.src_uri)
        return posixpath.relpath(target, page_dir or ".")

    @env.macro
    def counts() -> dict[str, int]:
        corpus = build.current()
        return {
            "plans": len(corpus.plans),
            "localities": len(corpus.localities),
            "indicators": len(corpus.indicators),
            "agencies": len(corpus.agencies),
            "documents": len(corpus.documents),
            "targets": sum(len(rows) for rows in corpus.targets.values()) + len(corpus.unclassified),
        }

    @env.macro
    def api_version() -> int:
        return datapackage.SHAPE_VERSION

    @env.macro
    def offline_bundle() -> dict[str, str] | None:
        bundle = build.offline_bundle()
        if bundle is None:
            return None
        return {
            "url": relative(urls.OFFLINE_BUNDLE),
            "size": display.file_size(bundle.stat().st_size),
            "date": display.legal_date(build.current().as_of.isoformat()),
        }

    @env.macro
    def latest_plans(limit: int = 5) -> str:
        """A Markdown list of the newest plans: name, locality, title."""
        entries = sorted(build.current().plans.values(), key=plan_order)[:limit]
        lines = []
        for entry in entries:
            place = f" ({escape(entry.locality.name)})" if entry.locality else ""
            title = escape(display.excerpt(entry.plan.metadata.title, 120))
            lines.append(f"- [{escape(plan_name(entry.plan))}]({relative(urls.plan(entry.id))}){place}: {title}")
        return "\n".join(lines)

    @env.macro
    def top_indicators(limit: int = 5) -> str:
        """A Markdown list of the indicators compared across the most plans."""
        corpus = build.current()

        def plans(indicator_id: str) -> int:
            return len({row.entry.id for row in corpus.targets.get(indicator_id, [])})

        ranked = sorted(corpus.indicators, key=lambda i: (-plans(i), i))[:limit]
        return "\n".join(
            f"- [{escape(corpus.indicators[i].name)}]({relative(urls.indicator(i))}): {plans(i)} kế hoạch"
            for i in ranked
        )
