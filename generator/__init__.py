"""Turn Vietnamese local plans on labour and employment into structured data.

The pipeline is ``ingest -> structure -> extract -> validate -> store``; each
stage is one module. ``GENERATOR_VERSION`` is part of the extraction cache key:
bump it whenever a change alters what extraction produces.
"""

GENERATOR_VERSION = "0.1.0"
