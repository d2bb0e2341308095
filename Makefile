# ArrearsDesk: `make run` opens the app, `make test` runs the suite, `make bench` the benchmarks.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench venv system-deps translations screenshots clean bundle bundle-test

run: venv system-deps
	$(BIN)/arrears-desk

# Twice, side by side (tools/run_tests.sh): every test on SQLite (the embedded default), and the integration and GUI
# tests again with every desk on a throwaway PostgreSQL server (server mode, issue 15; tools/pg_test_server.sh
# starts it, tests/server.py).
test: venv system-deps
	@bash tools/run_tests.sh $(BIN)/python

# make bench SIZES=2000,20000,40000: the growth table (each size's database generated once, kept in bench/data);
# make bench SIM_SCENARIOS=2000: the exchange simulation run longer than its default 200 scenarios (what CI runs)
bench: venv
	$(BIN)/python -m bench $(if $(SIZES),--sizes $(SIZES)) $(if $(SIM_SCENARIOS),--sim-scenarios $(SIM_SCENARIOS))

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Qt's runtime libraries and a CJK font on Debian/Ubuntu, only when root and missing (no-op elsewhere).
system-deps:
	@bash .ci/install-system-deps.sh

# -no-obsolete: zh_CN.py would otherwise revive strings the code no longer uses (it clears every type=).
translations: venv
	$(BIN)/pyside6-lupdate -no-obsolete ui/*.py ui/pages/*.py -ts resources/translations/arrears_desk_zh_CN.ts
	$(BIN)/python resources/translations/zh_CN.py
	$(BIN)/pyside6-lrelease resources/translations/arrears_desk_zh_CN.ts -qm resources/translations/arrears_desk_zh_CN.qm

# The README's screenshots from the demo data (docs/screenshots): needs xvfb-run; pngquant/optipng shrink them.
screenshots: venv system-deps
	$(BIN)/python tools/screenshots.py

# The installable product (issue 16): `make bundle` builds dist/ArrearsDesk (two programs, one folder) with
# PyInstaller from build.spec on this machine; `make bundle-test` tries the BUILT bundle (tools/bundle_test.py).
BUNDLE_STAMP := $(VENV)/.bundle-installed

bundle: venv $(BUNDLE_STAMP)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build build.spec
	@du -sh dist/ArrearsDesk

bundle-test:
	$(BIN)/python tools/bundle_test.py dist/ArrearsDesk

$(BUNDLE_STAMP): pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,bundle]'
	touch $(BUNDLE_STAMP)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis .import_linter_cache bench/data
