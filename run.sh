#!/usr/bin/env bash
# Start StreamLab (default: the web app on http://127.0.0.1:5080, data in ./data).
# Any arguments go to the streamlab CLI: ./run.sh run campaigns/ext-demo.yaml, ./run.sh records, …
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
"$root/scripts/setup.sh"
exec dotnet "$root/StreamLab.Web/bin/Release/net10.0/streamlab.dll" "$@"
