#!/usr/bin/env bash
# Runs one seqbench grid as a Slurm job array, one shard per array task, and merges the shards in a final job that
# starts only when every shard succeeded (--dependency=afterok).
#
#   deploy/slurm/seqbench-array.sh -n SHARDS -o DIR [-w] [-- SEQBENCH OPTIONS]
#     -n SHARDS  array tasks (shards); each runs `--shard SHARDS`, Slurm's SLURM_ARRAY_TASK_ID gives it its K
#     -o DIR     writes DIR/shard-K (each shard's run directory), DIR/merged (the merged run) and DIR/slurm-*.log
#     -w         wait until the merge job has ended and exit with its status
#   Example (the 5-seed seed profile on 8 machines):
#     deploy/slurm/seqbench-array.sh -n 8 -o runs/seed5 -- --profile seed --seeds 5
#
# The repository must be on a file system every node sees. The script builds once on the submitting machine (or
# takes a class path in SEQBENCH_CP) and the jobs run `java` directly: no Maven, no download on the nodes.
# Extra sbatch options (partition, time, account) go in SBATCH_* environment variables, as sbatch reads them.
set -euo pipefail
shards="" out="" wait_for=""
while getopts "n:o:w" opt; do
  case "$opt" in
    n) shards=$OPTARG ;;
    o) out=$OPTARG ;;
    w) wait_for=1 ;;
    *) echo "usage: seqbench-array.sh -n SHARDS -o DIR [-w] [-- SEQBENCH OPTIONS]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = "--" ] && shift
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "seqbench-array: -n SHARDS must be a positive integer" >&2; exit 2; }
[ -n "$out" ] || { echo "seqbench-array: -o DIR is required" >&2; exit 2; }
command -v sbatch >/dev/null || { echo "seqbench-array: no sbatch: is this a Slurm submit host?" >&2; exit 2; }

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mkdir -p "$out"
out=$(cd "$out" && pwd)
if [ -z "${SEQBENCH_CP:-}" ]; then
  mvn -q -B -pl bench -am install -DskipTests
  mvn -q -B -pl bench dependency:build-classpath -Dmdep.outputFile="$root/bench/target/classpath.txt"
  SEQBENCH_CP="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
fi
jvm="-Xmx8g -Dai.djl.offline=true -Dorg.bytedeco.javacpp.maxPhysicalBytes=0"
args=$(printf ' %q' "$@")
run="cd $(printf %q "$root") && exec java $jvm -cp $(printf %q "$SEQBENCH_CP") io.seqbench.bench.Main"

array=$(sbatch --parsable --job-name=seqbench --array="1-$shards" --output="$out/slurm-%A_%a.log" \
  --wrap "$run $args --shard $shards --out $(printf %q "$out")/shard-\$SLURM_ARRAY_TASK_ID")
dirs=$(for k in $(seq 1 "$shards"); do printf ' %q' "$out/shard-$k"; done)
merge_opts=(--parsable --job-name=seqbench-merge --dependency="afterok:$array" --kill-on-invalid-dep=yes --output="$out/slurm-merge.log")
[ -n "$wait_for" ] && merge_opts+=(--wait)
echo "seqbench-array: job array $array ($shards shards) -> $out/shard-K; merge job after it -> $out/merged"
merge=$(sbatch "${merge_opts[@]}" --wrap "$run merge $(printf %q "$out/merged")$dirs")
echo "seqbench-array: merge job $merge"
if [ -n "$wait_for" ]; then
  # sbatch --wait also returns 0 for a merge job cancelled because a shard failed: check what it left
  if [ ! -f "$out/merged/run.json" ]; then
    echo "seqbench-array: no merged run in $out/merged: a shard failed (see $out/slurm-${array}_*.log)" >&2
    exit 1
  fi
  echo "seqbench-array: merged run in $out/merged"
fi
