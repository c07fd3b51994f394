#!/usr/bin/env bash
# The plots of a make bench run: per measure of BENCH.json, an SVG and a PNG
# (scripts/bench-plot.gp) next to it, named bench-MEASURE.{svg,png}.
# Usage: bench-plot.sh BENCH.json
set -euo pipefail
. "$(dirname "$0")/lib.sh"

json=${1:?usage: bench-plot.sh BENCH.json}
outdir=$(dirname "$json")
data=$BUILD/bench/plot-data
rm -rf "$data"
"$BUILD/harness/vhost-harness" bench-tables "$json" --out "$data"
while IFS=$'\t' read -r slug kind unit clock name; do
	for term in svg png; do
		out=$outdir/bench-$slug.$term
		gnuplot -c "$TOP/scripts/bench-plot.gp" "$data" "$slug" "$kind" "$unit" "$clock" "$name" "$term" "$out"
		echo "$out"
	done
done <"$data/measures.tsv"
