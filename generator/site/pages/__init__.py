"""One module per page kind; each turns part of a :class:`~generator.site.corpus.Corpus` into pages."""
