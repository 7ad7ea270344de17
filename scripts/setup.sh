#!/usr/bin/env bash
# Install everything Helpwright needs on a fresh Debian/Ubuntu machine:
# Chromium (Playwright drives the system build when its own is absent),
# poppler-utils (PDF checks), fonts, and the Python package with its test extras.
# Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

need_apt=()
command -v chromium >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1 || need_apt+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
[ -d /usr/share/fonts/truetype/dejavu ] || need_apt+=(fonts-dejavu-core)
[ -d /usr/share/fonts/truetype/liberation ] || need_apt+=(fonts-liberation)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> apt-get install ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
# Reinstall unless this very checkout is the one installed (another clone's editable
# install would otherwise shadow it for the `helpwright` command).
here="$(pwd -P)"
installed="$(cd / && "$PYTHON" -c "import builder, agora, sphinx, myst_parser, furo, playwright, pypdf, pytest, os; print(os.path.dirname(os.path.dirname(os.path.realpath(builder.__file__))))" 2>/dev/null || true)"
if [ "$installed" != "$here" ] || [ pyproject.toml -nt .setup-done ] || [ ! -f .setup-done ]; then
  echo "==> pip install -e .[test]"
  "$PYTHON" -m pip install -q --disable-pip-version-check -e ".[test]"
fi
touch .setup-done
echo "==> set-up done: $(command -v chromium || command -v google-chrome) · $("$PYTHON" --version)"
