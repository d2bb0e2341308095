#!/usr/bin/env bash
# Installs what Qt (xcb/offscreen), the screenshots, the PDF checks and the check that exported
# workbooks open in LibreOffice (headless Calc, without recommends) need on Debian/Ubuntu, and the PostgreSQL
# server the tests run against (server mode).
# Quietly does nothing when not root, when apt-get is missing, or when everything is there already.
set -u
PACKAGES=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 xvfb libxcb-icccm4
          libxcb-keysyms1 libxcb-cursor0 fonts-wqy-microhei poppler-utils
          postgresql)  # server mode (issue 15): make test starts a throwaway cluster (tools/pg_test_server.sh)
command -v apt-get >/dev/null 2>&1 || exit 0
command -v dpkg-query >/dev/null 2>&1 || exit 0
[ "$(id -u)" = "0" ] || exit 0
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
calc_missing=0
dpkg-query -W -f='${Status}' libreoffice-calc-nogui 2>/dev/null | grep -q "install ok installed" || calc_missing=1
[ ${#missing[@]} -eq 0 ] && [ $calc_missing -eq 0 ] && exit 0
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || true
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing system packages: ${missing[*]}"
  apt-get install -y -qq "${missing[@]}" >/dev/null || \
    echo "warning: could not install ${missing[*]}; Qt may not start" >&2
fi
if [ $calc_missing -eq 1 ]; then
  echo "installing system packages: libreoffice-calc-nogui"
  apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null || \
    echo "warning: could not install LibreOffice Calc; the workbook check will be skipped" >&2
fi
exit 0
