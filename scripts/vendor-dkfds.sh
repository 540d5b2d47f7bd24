#!/usr/bin/env bash
# Refreshes the vendored copy of Det Fælles Designsystem (npm package dkfds) under portal/static/dkfds.
# Only what the pages use is copied: the borger.dk theme CSS, the JS bundle, icons and the woff2 fonts; the CSS is
# then rewritten to ask for woff2 only, so no page requests a font file that was not copied.
# Usage: scripts/vendor-dkfds.sh [version]   (default: the version pinned below)
set -euo pipefail

version="${1:-11.2.0}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/portal/static/dkfds"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "dkfds@$version" >/dev/null)
tar -xzf "$work"/dkfds-*.tgz -C "$work"
dist="$work/package/dist"

rm -rf "$dest"
mkdir -p "$dest/css" "$dest/js" "$dest/img" "$dest/fonts/IBMPlexSans/split/woff2"
cp "$dist/css/dkfds-borgerdk.min.css" "$dest/css/"
cp "$dist/js/dkfds.min.js" "$dest/js/"
cp -r "$dist/img/svg-icons" "$dest/img/"
cp "$dist/img/all-svg-icons.svg" "$dest/img/"
# IBM's own split files, one per script; the CSS is rewritten below to load only those a page's text needs.
for weight in Regular Italic Medium MediumItalic SemiBold SemiBoldItalic Bold BoldItalic; do
  for script in Latin1 Latin2 Latin3 Pi Cyrillic Greek; do
    cp "$dist/fonts/IBMPlexSans/split/woff2/IBMPlexSans-$weight-$script.woff2" "$dest/fonts/IBMPlexSans/split/woff2/"
  done
done
cp "$dist/fonts/IBMPlexSans/split/woff2/license.txt" "$dest/fonts/IBMPlexSans/"
cp "$work/package/LICENSE.md" "$dest/"
# The CSS lists eot/ttf/woff fallbacks too, the regular weight's before woff2, so browsers fetched them and got 404.
python3 "$root/scripts/dkfds_woff2_only.py" "$dest/css/dkfds-borgerdk.min.css"
# Each face as IBM's split files with their unicode-range (fontTools reads the ranges; the venv has it).
"$root/.venv/bin/python" "$root/scripts/dkfds_split_fonts.py" "$dest/css/dkfds-borgerdk.min.css" \
  "$dest/fonts/IBMPlexSans/split/woff2"
# The sprite the pages load holds only the icons the templates use.
"$root/.venv/bin/python" "$root/scripts/dkfds_icon_subset.py" "$dest/img/all-svg-icons.svg" "$dest/img/portal-icons.svg"
echo "$version" > "$dest/VERSION"
echo "dkfds $version vendored into portal/static/dkfds"
