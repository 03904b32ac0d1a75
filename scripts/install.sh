#!/usr/bin/env bash
# Installs what 法援通 needs on Debian 12: system packages (apt-get, when missing) and the
# Python packages pinned in requirements.txt into .venv.  Usage: scripts/install.sh [run|test]
set -euo pipefail
cd "$(dirname "$0")/.."

purpose=${1:-run}
packages=(python3-venv python3-dev fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext)
if [ "$purpose" = test ]; then
  packages+=(postgresql redis-server chromium)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian's own interpreter (the one python3-venv and python3-dev above are for), not whichever python3
# comes first on PATH: Debian builds it with profile-guided optimisation, and a self-built Python
# (pyenv's default build) ran the same pages 8-15 % slower on the bench machine. PYTHON overrides.
python=${PYTHON:-$([ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)}
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$python" -m venv .venv
fi
if ! cmp -s requirements.txt .venv/.requirements.installed 2>/dev/null; then
  echo "==> pip install -r requirements.txt"
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -r requirements.txt
  cp requirements.txt .venv/.requirements.installed
fi
