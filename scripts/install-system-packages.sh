#!/usr/bin/env bash
# Install the Debian packages that the test suite needs, when any is missing.
#
#   redis-server       integration tests start a real Redis as the Celery broker
#   chromium           Playwright browser tests drive Debian's /usr/bin/chromium
#   poppler-utils      tests read rendered PDFs (pdftotext, pdftoppm)
#   postgresql         the second run of the suite, on a throwaway PostgreSQL server
#   fonts-liberation2  the fonts the print templates name, so PDFs render alike everywhere
#   gettext            msgfmt, for compilemessages
#
# As root it installs what is missing (CI runs as root on a fresh machine); as anyone
# else it names the missing packages and fails, since only root can install them.
set -euo pipefail

packages=(redis-server chromium poppler-utils postgresql fonts-liberation2 gettext)

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    if [ "$status" != "installed" ]; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "The test suite needs these Debian packages, which are not installed: ${missing[*]}" >&2
    echo "Install them as root, then run make again:" >&2
    echo "    sudo apt-get install ${missing[*]}" >&2
    exit 1
fi

echo "Installing missing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q -o Dpkg::Use-Pty=0 "${missing[@]}"
