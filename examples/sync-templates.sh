#!/usr/bin/env bash
# Regenerates spec.files of each examples/templates/<name>/template.yaml from
# the *.tf files next to it, so the plain Terraform files (which you can
# `terraform validate` and edit with an IDE) and the Template manifest (which
# you `kubectl apply`) never drift apart. The inline copies are byte-identical
# to the files; HelmChartTest checks that.
#
# Convention: `  files:` is the last key of spec in template.yaml; everything
# after that line is replaced.
#
# Usage: examples/sync-templates.sh          rewrite template.yaml files
#        examples/sync-templates.sh --check  fail if any is out of date (CI)
set -euo pipefail

cd "$(dirname "$0")/templates"
check=false
[[ "${1:-}" == "--check" ]] && check=true
stale=0

# Chooses the YAML block chomping indicator that keeps the file's trailing
# newlines exactly: | keeps one, |- keeps none, |+ keeps all.
indicator() {
  local f=$1
  if [[ ! -s "$f" || "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" != '\n' ]]; then
    echo '|-'
  elif [[ "$(tail -c 2 "$f" | od -An -c | tr -d ' ')" == '\n\n' ]]; then
    echo '|+'
  else
    echo '|'
  fi
}

render() {
  local dir=$1
  # Everything up to and including the `  files:` line stays as written.
  sed '/^  files:[[:space:]]*$/q' "$dir/template.yaml"
  for f in "$dir"/*.tf; do
    if grep -q $'\t' "$f"; then
      echo "$f: contains a tab; YAML block scalars cannot hold it" >&2
      exit 1
    fi
    if [[ "$(head -c 1 "$f")" == " " ]]; then
      echo "$f: starts with a space; YAML would need an indentation indicator" >&2
      exit 1
    fi
    echo "    $(basename "$f"): $(indicator "$f")"
    # Indent only non-empty lines: an indented blank line would be the same
    # text to YAML but not to a byte comparison of this file.
    sed '/./s/^/      /' "$f"
  done
}

for dir in */; do
  dir=${dir%/}
  compgen -G "$dir/*.tf" > /dev/null || continue
  if ! grep -q '^  files:[[:space:]]*$' "$dir/template.yaml"; then
    echo "$dir/template.yaml: needs a '  files:' line as the last key of spec" >&2
    exit 1
  fi
  new=$(render "$dir"; echo x)
  new=${new%x}
  if $check; then
    if ! diff -q <(printf '%s' "$new") "$dir/template.yaml" > /dev/null; then
      echo "$dir/template.yaml is out of date; run examples/sync-templates.sh" >&2
      stale=1
    fi
  else
    printf '%s' "$new" > "$dir/template.yaml"
    echo "synced $dir/template.yaml"
  fi
done
exit $stale
