#!/usr/bin/env bash
# System packages the tests need: Debian's Chromium and a CJK font for the browser tests (so Chinese
# renders), and LibreOffice headless (soffice --convert-to) for reading .doc/.wps/.odt/.ods files.
# Best effort: where apt is not available or we are not root, say so and carry on; the tests that
# need a missing package then skip loudly (and fail under CI=true).
# Measured on Debian 13: apt-get update + the three LibreOffice packages ≈ 50 s (≈ 150 MB).
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy\|noto sans cjk" || need+=(fonts-wqy-microhei)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-core libreoffice-writer libreoffice-calc)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install_system_deps: apt-get not found; cannot install ${need[*]} (tests that need them will skip)" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "install_system_deps: not root and no sudo; cannot install ${need[*]} (tests that need them will skip)" >&2
    exit 0
  fi
fi
echo "install_system_deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null 2>&1 || true
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 \
  || echo "install_system_deps: apt-get install ${need[*]} failed (tests that need them will skip)" >&2
exit 0
