#!/usr/bin/env bash
# Builds the cargo-fuzz targets in fuzz/ and runs each for SECONDS (default 60), one after
# another, then prints the executions per target.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Corpora live in fuzz/corpus/TARGET (not committed) and are seeded from fixtures/ on every
# run; fuzz/regressions/TARGET holds inputs that once failed, replayed first. A crash leaves
# its input in fuzz/artifacts/TARGET and fails the script. The toolchain is stable:
# RUSTC_BOOTSTRAP lets cargo-fuzz pass the sanitizer flags it needs.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds="${1:-60}"
shift || true
export RUSTC_BOOTSTRAP=1

command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
cargo fuzz build

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo fuzz list)
fi

# Seeds: every fixture. The pipeline target reads its first byte as the choice of syntax
# (0 JSON, 1 YAML), so its seeds carry that byte.
seed() {
  local target="$1" dir="corpus/$1"
  mkdir -p "$dir"
  while IFS= read -r -d '' file; do
    local name
    name="$(printf '%s' "$file" | cksum | cut -d' ' -f1)"
    if [ "$target" = pipeline ]; then
      case "$file" in
        *.json) { printf '\0'; cat "$file"; } >"$dir/seed-$name" ;;
        *) { printf '\1'; cat "$file"; } >"$dir/seed-$name" ;;
      esac
    else
      cp "$file" "$dir/seed-$name"
    fi
  done < <(find ../fixtures -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \
    -o -name '*.template' \) -size -64k -print0)
}

summary=()
for target in "${targets[@]}"; do
  seed "$target"
  mkdir -p "regressions/$target" "artifacts/$target"
  log="$(mktemp)"
  status=0
  cargo fuzz run "$target" "corpus/$target" "regressions/$target" -- \
    -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="artifacts/$target/" >"$log" 2>&1 || status=$?
  runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)"
  summary+=("$(printf '%-22s %12s executions in %ss%s' "$target" "${runs:-?}" "$seconds" \
    "$([ "$status" -eq 0 ] || echo '  FAILED')")")
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$log"
    rm -f "$log"
    printf '%s\n' "${summary[@]}"
    exit "$status"
  fi
  rm -f "$log"
done
printf '%s\n' "${summary[@]}"
