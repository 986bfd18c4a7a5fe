# The project's verbs. `make site` and `make test` work on a fresh clone:
# they create the virtual environment and install the pinned requirements.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
INSTALLED := $(VENV)/.installed-requirements
# The browser tests drive Debian's chromium (Playwright cannot download browsers here).
CHROMIUM := /usr/bin/chromium
# The importers' tools: LibreOffice reads .doc, ocrmypdf runs tesseract (Vietnamese), ghostscript and
# unpaper on scanned PDFs; the PDF tests stamp text in DejaVu. Each path is a file those packages
# install: `make extract` (and so `site` and `test`) installs them all with apt when one is missing.
TOOLS := /usr/bin/soffice /usr/bin/tesseract /usr/share/tesseract-ocr/5/tessdata/vie.traineddata /usr/bin/gs /usr/bin/unpaper \
	/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
TOOL_PACKAGES := libreoffice-writer-nogui tesseract-ocr tesseract-ocr-vie ghostscript unpaper fonts-dejavu-core
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
# make offline: the site for file://, zipped as dist/$(OFFLINE_NAME)-offline.zip
OFFLINE_NAME := ke-hoach-lao-dong
OFFLINE_DIR := build/offline/$(OFFLINE_NAME)
OFFLINE_ZIP := dist/$(OFFLINE_NAME)-offline.zip
# The date both builds write (the sitemap's lastmod, the zip's entries): the last commit's.
BUILD_EPOCH := $(or $(SOURCE_DATE_EPOCH),$(shell git log -1 --format=%ct 2>/dev/null),315532800)

.DEFAULT_GOAL := site
.PHONY: site serve test fuzz install extract check offline bench clean old-map

$(INSTALLED): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

## install: the virtual environment with the pinned requirements (what every other verb starts from)
install: $(INSTALLED)

## extract: turn every plan in data/sources/ into data/plans/<id>.yaml (installs the importers' tools when missing)
extract: $(INSTALLED) $(TOOLS)
	$(PY) -m generator extract

## check: schema and consistency checks over data/
check: extract
	$(PY) -m generator check

## site: extract, build the offline zip, then the static site into site/ with the zip on its download page
## (strict: any warning fails). Built in parts, one MkDocs build per province and one for the national hub,
## merged (generator/site/assemble.py); a part whose data and code did not change is not rebuilt.
site: offline
	SOURCE_DATE_EPOCH=$(BUILD_EPOCH) OFFLINE_BUNDLE=$(OFFLINE_ZIP) $(PY) -m generator.site.assemble --site-dir site

## serve: preview the site on http://127.0.0.1:8000/
serve: extract
	$(PY) -m mkdocs serve

## test: the whole test suite, on the extracted data (installs Debian's chromium first when it is missing)
test: extract $(CHROMIUM)
	$(PY) -m pytest -q

## fuzz: the extractor's fuzz tests with 10,000 examples each and a 10 s limit per input (not part of make test)
fuzz: $(INSTALLED)
	FUZZ_EXAMPLES=10000 FUZZ_DEADLINE_SECONDS=10 $(PY) -m pytest -q tests/test_fuzz.py

$(CHROMIUM):
	$(SUDO) apt-get update
	$(SUDO) apt-get install -y chromium

$(TOOLS) &:
	$(SUDO) apt-get update
	$(SUDO) apt-get install -y --no-install-recommends $(TOOL_PACKAGES)

## offline: the site built for file:// (mkdocs.offline.yml), zipped into dist/ to unzip anywhere and open index.html
## The zip is byte-identical for the same data and code: dates come from SOURCE_DATE_EPOCH
## (default: the last commit's time), entries are sorted (generator/site/bundle.py).
offline: extract
	rm -f $(OFFLINE_ZIP)
	SOURCE_DATE_EPOCH=$(BUILD_EPOCH) $(PY) -m generator.site.assemble --config-file mkdocs.offline.yml --site-dir $(OFFLINE_DIR)
	SOURCE_DATE_EPOCH=$(BUILD_EPOCH) $(PY) -m generator.site.bundle $(OFFLINE_DIR) $(OFFLINE_ZIP)

## old-map: rewrite data/registry/map-before-2025.json (the 63 provinces and their districts) from the
## pinned package wheels it records (generator/oldmap.py); needs the package registry, not run by the build
OLD_MAP_WHEELS := vietnam-provinces==0.6.0 vietnamadminunits==1.0.4
old-map: $(INSTALLED)
	$(PY) -m pip download --quiet --no-deps --dest build/maps $(OLD_MAP_WHEELS)
	$(PY) -m generator.oldmap build/maps data/registry/map-before-2025.json

## bench: extraction, build and a rebuild after one change at 5, 100 and 1,000 plans against plain MkDocs
## (a script, not a test); other sizes with `make bench SIZES="10000"`
SIZES ?=
bench: $(INSTALLED)
	$(PY) bench/run.py $(SIZES)

## clean: remove everything generated (plans, cache, schema, site, bundle), and temporary files of killed runs
clean:
	rm -rf site .site.partial .site.previous build dist data/plans/*.yaml data/plans/.*.tmp data/schema data/.cache
