#!/bin/sh
# Copies the npm packages the dashboard serves into StreamLab.Web/wwwroot/lib (gitignored).
set -eu
cd "$(dirname "$0")"
dest=../StreamLab.Web/wwwroot/lib/plotly
mkdir -p "$dest"
cp node_modules/plotly.js-dist-min/plotly.min.js "$dest/plotly.min.js"
cp node_modules/plotly.js-dist-min/LICENSE "$dest/LICENSE" 2>/dev/null || true
