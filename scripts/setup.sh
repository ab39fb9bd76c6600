#!/usr/bin/env bash
# Shared set-up for ./run.sh and ./test.sh on a fresh Debian 12 with the .NET 10 SDK:
# system packages (apt-get, as root), then restore + build. Safe to run again: it only
# installs what is missing and the build is incremental.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages StreamLab uses at run time:
#   python3     - the example stacks in campaigns/ and the test stacks are small Python scripts
#   util-linux  - setsid, to give each role its own process group
#   procps      - ps/pgrep, used by tests to check that no process outlives its record
#   libturbojpeg0 - libjpeg-turbo's TurboJPEG API, P/Invoke, JPEG encode/decode of the live-ws stack
#                   (kept over OpenCV's imdecode by `bench stamps`; QR stamps are read by ZXing.Net, managed)
#   libgtk-3-0, libdrm2, libatomic1 - what OpenCV's native runtime (NuGet OpenCvSharp4.official.runtime.linux-x64)
#                 links besides libc: GTK 3 (brings cairo, pango, freetype, harfbuzz, X11), libdrm and libatomic;
#                 OpenCV computes the per-frame SSIM
#   chromium    - the browser the dashboard's browser tests (Playwright) drive
#   prometheus-node-exporter - a real exporter nobody here wrote: the counter-rate tests run it as a role
#   prometheus  - its promtool + server evaluate increase() over recorded samples, the reference for our counter
#                 deltas (19 MB download). Both ship a daemon that their postinst enables and starts as a system
#                 service listening on every interface (systemd, or sysvinit at a runlevel; in a container with
#                 neither, invoke-rc.d finds no runlevel and starts nothing): see the policy-rc.d guard below.
#   postgresql  - PostgreSQL 15, the shared store (--db): ./test.sh runs the storage, API and import tests against a
#                 throwaway server of its own (scripts/throwaway-postgres.sh: initdb in a temp folder, never the
#                 system service, which the guard below keeps from starting)
#   npm         - fetches the dashboard's front-end assets (plotly.js) in wwwroot-assets; only
#                 installed when no npm is on PATH (a NodeSource nodejs already brings its own)
PACKAGES=(python3 util-linux procps libturbojpeg0 libgtk-3-0 libdrm2 libatomic1 chromium ffmpeg prometheus-node-exporter prometheus postgresql)
DAEMONS=(prometheus-node-exporter prometheus postgresql) # tests start them themselves, on 127.0.0.1; never as services
command -v npm >/dev/null || PACKAGES+=(npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
    echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=900 update -qq
  # Debian's policy-rc.d hook: exit 101 tells invoke-rc.d and deb-systemd-invoke not to start the daemons during
  # the install. A policy already there (container images ship one) is left as it is.
  guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    guard=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\n# StreamLab set-up: no service starts while it installs packages\nexit 101\n' | "${SUDO[@]}" tee "$guard" >/dev/null
    "${SUDO[@]}" chmod 755 "$guard"
  fi
  status=0
  "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || status=$?
  [ -z "$guard" ] || "${SUDO[@]}" rm -f "$guard"
  [ "$status" -eq 0 ] || exit "$status"
  # ...nor at the next boot: the postinst enabled them (systemd unit or /etc/rc*.d links).
  for d in "${DAEMONS[@]}"; do
    [[ " ${missing[*]} " == *" $d "* ]] || continue
    if [ -d /run/systemd/system ]; then "${SUDO[@]}" systemctl disable --now "$d" >/dev/null 2>&1 || true
    else "${SUDO[@]}" update-rc.d "$d" disable >/dev/null 2>&1 || true; fi
  done
fi

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK is required (dotnet not found on PATH)" >&2; exit 1
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Dashboard assets: npm ci only when node_modules is missing or the lockfile changed since the last
# install, then copy them into StreamLab.Web/wwwroot/lib (gitignored).
assets=wwwroot-assets
lockhash=$(sha256sum "$assets/package-lock.json" | cut -d' ' -f1)
if [ ! -d "$assets/node_modules" ] || [ "$(cat "$assets/node_modules/.lock-sha256" 2>/dev/null)" != "$lockhash" ]; then
  echo "setup: npm ci in $assets" >&2
  (cd "$assets" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$lockhash" >"$assets/node_modules/.lock-sha256"
fi
[ -f StreamLab.Web/wwwroot/lib/plotly/plotly.min.js ] && [ StreamLab.Web/wwwroot/lib/plotly/plotly.min.js -nt "$assets/package-lock.json" ] \
  || sh "$assets/copy.sh"

# Blazor's script now comes from the SDK's own package; a copy that an older build extracted into wwwroot would clash with it.
rm -rf StreamLab.Web/wwwroot/_framework

CONFIGURATION=${CONFIGURATION:-Release}
# Skip the build (about 10 s even when nothing changed) when no source or project file is newer
# than the built executable.
built="StreamLab.Web/bin/$CONFIGURATION/net10.0/streamlab.dll"
if [ -f "$built" ] && [ -z "${SETUP_FORCE_BUILD:-}" ] && [ -z "$(find StreamLab.* Directory.*.props global.json \
     -path '*/bin' -prune -o -path '*/obj' -prune -o -type f -newer "$built" -print -quit)" ]; then
  exit 0
fi
log=$(mktemp)
if ! dotnet build StreamLab.sln -c "$CONFIGURATION" -nologo -v q >"$log" 2>&1; then
  cat "$log" >&2; rm -f "$log"
  echo "setup: build failed" >&2; exit 1
fi
rm -f "$log"
