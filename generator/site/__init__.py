"""The public website: pages generated from the plans at MkDocs build time.

How a build runs (``python -m mkdocs build --strict``):

1. ``hooks.on_config`` loads the data once (:mod:`generator.site.build`,
   :mod:`generator.site.corpus`): every plan of ``data/`` (or of the folder
   named by ``GENERATOR_DATA``) with overrides merged, cross-indexed by
   indicator, agency, locality and cited document.
2. ``hooks.on_files`` adds every generated page and data file to the build
   in memory (``File.generated``); ``docs/`` keeps only hand-written pages.
   Each page kind has its own module in :mod:`generator.site.pages`.
3. MkDocs converts each generated page's Markdown skeleton (front matter and
   headings, for the table of contents and search); ``hooks.on_page_content``
   puts the page's finished HTML blocks in place (:mod:`generator.site.page`).
4. Hand-written pages that opt in (``render_macros: true``) use the macros
   of :mod:`generator.site.macros`; nothing generated goes through Jinja.

``make site`` runs these steps in parts (:mod:`generator.site.assemble`):
the data is loaded and every file generated once, by
:mod:`generator.site.parts`, and each part (a province, or the national hub)
is its own MkDocs build of the prepared files, merged into one site.

Safety: all data reaches a page through :func:`generator.site.html.escape`
(via :func:`generator.site.html.tag`), so plan text always shows literally.
"""
