#!/usr/bin/env bash
# Translations live in each app's locale/ folder.
#   scripts/i18n.sh extract   update the .po files from the code and templates
#   scripts/i18n.sh compile   compile the .po files into .mo files
#   scripts/i18n.sh check     fail if a string is untranslated or fuzzy, or a .mo is stale
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PYTHON:-$ROOT/.venv/bin/python}
export CERCLE_DEBUG=true
apps=$(find src/cercle -mindepth 2 -maxdepth 2 -type d -name locale -printf '%h\n' | sort)

extract() {
  for app in $apps; do
    (cd "$app" && "$PY" "$ROOT/manage.py" makemessages -l fr -l en --no-location --no-obsolete -v0)
  done
}

compile() {
  for app in $apps; do
    (cd "$app" && "$PY" "$ROOT/manage.py" compilemessages -v0)
  done
}

check() {
  local status=0
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cp -r src manage.py "$work/"
  # Compiled files must match their sources.
  for po in $(find "$work/src" -path '*/LC_MESSAGES/django.po'); do
    msgfmt --check-format -o "$work/check.mo" "$po"
    if ! cmp -s "$work/check.mo" "${po%.po}.mo"; then
      echo "stale or missing compiled translations: ${po#"$work"/}" >&2
      status=1
    fi
  done
  # Every string in the code must be in the catalogues, translated, and not fuzzy.
  (cd "$work" && ROOT=$work && for app in $apps; do
    (cd "$app" && "$PY" "$work/manage.py" makemessages -l fr --no-location --no-obsolete -v0)
  done)
  for po in $(find "$work/src" -path '*/fr/LC_MESSAGES/django.po'); do
    missing=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid' || true)
    fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po" | grep -c '^msgid' || true)
    # msgattrib prints the header entry too when there is anything to print.
    if [ "$missing" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
      echo "incomplete French translations in ${po#"$work"/}:" >&2
      msgattrib --untranslated --only-fuzzy --no-obsolete "$po" | grep '^msgid' | head -20 >&2 || true
      msgattrib --untranslated --no-obsolete "$po" | grep '^msgid' | head -20 >&2 || true
      status=1
    fi
  done
  [ $status -eq 0 ] && echo "translations: complete and compiled"
  return $status
}

"${1:?usage: $0 extract|compile|check}"
