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
from generator.site.html import escape


def define_env(env) -> None:
    def relative(target: str) -> str:
        page_dir = posixpath.dirname(env.page.file.src_uri)
        return posixpath.relpath(target, page_dir or ".")

    @env.macro
    def counts() -> dict[str, int]:
        return build.summary().counts

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
            "date": display.legal_date(build.summary().as_of.isoformat()),
        }

    @env.macro
    def latest_plans(limit: int = 5) -> str:
        """A Markdown list of the newest plans (at most :data:`build.SUMMARY_LENGTH`): name, locality, title."""
        lines = []
        for plan_id, name, place, title in build.summary().latest_plans[:limit]:
            where = f" ({escape(place)})" if place else ""
            lines.append(f"- [{escape(name)}]({relative(urls.plan(plan_id))}){where}: {escape(title)}")
        return "\n".join(lines)

    @env.macro
    def top_indicators(limit: int = 5) -> str:
        """A Markdown list of the indicators compared across the most plans (at most :data:`build.SUMMARY_LENGTH`)."""
        return "\n".join(
            f"- [{escape(name)}]({relative(urls.indicator(indicator_id))}): {plans} kế hoạch"
            for indicator_id, name, plans in build.summary().top_indicators[:limit]
        )
