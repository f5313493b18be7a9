# SoHoa: `make run` sets everything up and starts the station; `make test` sets up and runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# pytest-xdist workers for make check: one per core (make check TEST_WORKERS=1 to run in one process)
TEST_WORKERS ?= auto
STAMP := $(VENV)/.installed

.PHONY: run test check setup system-deps venv translations lupdate lint typecheck imports unit demo gui package package-test clean

run: setup translations
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then $(VENV)/bin/sohoa gui; \
	else echo "Không có màn hình (no display): chạy quy trình mẫu không giao diện / running the headless demo."; \
	     echo "Để mở cửa sổ / for the window: make run trên máy có màn hình, hoặc: xvfb-run -a $(VENV)/bin/sohoa gui"; \
	     $(VENV)/bin/sohoa demo; fi

test: setup translations lint typecheck imports unit package-test

# While working: lint, types, import contracts and the tests not marked slow or gui, on every core (pytest-xdist).
# Measured 2026-11-29 on this project's 2-core machine, nearly idle: 2 min 56 s (504 tests); make test runs everything.
# Assumes make setup has run once.
check: lint typecheck imports
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q -n $(TEST_WORKERS) -m "not slow and not gui and not packaging"

setup: system-deps venv

system-deps:
	@scripts/install-system-deps.sh

venv: $(STAMP)

$(STAMP): requirements-dev.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade "pip>=24" >/dev/null
	@$(PY) -m pip install -q -r requirements-dev.txt
	@$(PY) -m pip install -q --no-deps -e .
	@touch $(STAMP)

# Qt translations: .ts sources (committed) -> .qm (built). lrelease ships in the PySide6-Essentials wheel.
TS := $(wildcard resources/translations/*.ts)
QM := $(TS:.ts=.qm)

translations: venv $(QM)

resources/translations/%.qm: resources/translations/%.ts
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

lupdate: venv
	$(VENV)/bin/pyside6-lupdate $(wildcard ui/*.py) -ts resources/translations/sohoa_vi.ts -no-obsolete

lint: venv
	$(VENV)/bin/ruff check .

typecheck: venv
	$(VENV)/bin/mypy

imports: venv
	$(VENV)/bin/lint-imports

unit: venv
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q -m "not packaging"

demo: setup
	$(VENV)/bin/sohoa demo

gui: setup
	$(VENV)/bin/sohoa gui

# The one-folder bundle in packaging/dist/sohoa (about 45 s here); the Windows installer wraps it (packaging/windows).
package: setup
	$(PY) -m pip install -q -r packaging/requirements-package.txt
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath packaging/dist --workpath packaging/build \
		packaging/sohoa.spec

# Builds the bundle, then runs it alone: --version, selfcheck, OCR workers, a SANE scan (tests/test_packaging.py).
package-test: package
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q -m packaging tests/test_packaging.py

clean:
	rm -rf $(VENV) packaging/build packaging/dist .pytest_cache .mypy_cache .ruff_cache
