#!/usr/bin/env bash
# Install everything Helpwright needs on a fresh Debian/Ubuntu machine:
# Chromium (Playwright drives the system build when its own is absent) with its
# interface languages,
# poppler-utils (PDF checks), fonts, python3-venv, the project's own
# virtual environment `.venv` holding the package with its test extras, and
# Node.js with npm for axe-core (the accessibility test, pinned in tests/a11y/) and scorm-again
# (the LMS runtime of the SCORM test, pinned in tests/scorm/), zbar-tools (zbarimg reads the
# workbooks' QR codes in the handout test).
# The system Python's site-packages are never used or changed (PEP 668).
# Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"

need_apt=()
command -v chromium >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1 || need_apt+=(chromium)
# Debian's chromium has English interface strings only: a French capture's native controls
# (a file field's "Choose File") need chromium-l10n.
if [ -d /usr/lib/chromium ] || [[ " ${need_apt[*]} " == *" chromium "* ]]; then
  [ -e /usr/lib/chromium/locales/fr.pak ] || need_apt+=(chromium-l10n)
fi
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v zbarimg >/dev/null 2>&1 || need_apt+=(zbar-tools)
[ -d /usr/share/fonts/truetype/dejavu ] || need_apt+=(fonts-dejavu-core)
[ -d /usr/share/fonts/truetype/liberation ] || need_apt+=(fonts-liberation)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
if [ ! -x "$VENV/bin/python" ] && ! "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then
  # Debian/Ubuntu ship venv's pip bootstrap apart: python3.X-venv.
  need_apt+=("python3-venv" "python$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')-venv")
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> apt-get install ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
# Debian's headless shell of its chromium (Chromium's old headless mode, English strings only): English
# captures, printing and the tests run in it, the same pixels for about 40% less processor. Optional.
if [ -x /usr/lib/chromium/chromium ] && [ ! -x /usr/lib/chromium/chromium-headless-shell ]; then
  echo "==> apt-get install chromium-headless-shell"
  { [ ${#need_apt[@]} -gt 0 ] || $SUDO apt-get update -qq; } \
    && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium-headless-shell \
      >/dev/null 2>&1 \
    || echo "    not available here: every browser is the full chromium (same pixels, more processor)"
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "==> $PYTHON -m venv $VENV"
  "$PYTHON" -m venv "$VENV"
fi
PY="$VENV/bin/python"
# Reinstall when pyproject.toml changed or this checkout is not the one installed.
here="$(pwd -P)"
installed="$(cd / && "$here/$PY" -c "import builder, agora, sphinx, myst_parser, furo, playwright, pypdf, pytest, os; print(os.path.dirname(os.path.dirname(os.path.realpath(builder.__file__))))" 2>/dev/null || true)"
# constraints.txt pins every package to the versions the tests passed with (make lock refreshes it).
if [ "$installed" != "$here" ] || [ pyproject.toml -nt "$VENV/.setup-done" ] \
   || [ constraints.txt -nt "$VENV/.setup-done" ] || [ ! -f "$VENV/.setup-done" ]; then
  echo "==> $VENV: pip install -c constraints.txt -e .[test]"
  "$PY" -m pip install -q --disable-pip-version-check --upgrade pip
  "$PY" -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[test]"
fi

# axe-core at the version pinned by tests/a11y/package-lock.json; npm ci again only when
# the lock file is newer than the last install (npm writes node_modules/.package-lock.json).
A11Y=tests/a11y
if [ ! -f "$A11Y/node_modules/axe-core/axe.min.js" ] || [ ! "$A11Y/node_modules/.package-lock.json" -nt "$A11Y/package-lock.json" ]; then
  echo "==> npm ci in $A11Y (axe-core)"
  (cd "$A11Y" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
# scorm-again, the SCORM 1.2 runtime the SCORM test's LMS page provides, the same way.
SCORM=tests/scorm
if [ ! -f "$SCORM/node_modules/scorm-again/dist/scorm12.js" ] || [ ! "$SCORM/node_modules/.package-lock.json" -nt "$SCORM/package-lock.json" ]; then
  echo "==> npm ci in $SCORM (scorm-again)"
  (cd "$SCORM" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
touch "$VENV/.setup-done"
echo "==> set-up done: $(command -v chromium || command -v google-chrome) · $("$PY" --version) in $VENV"
