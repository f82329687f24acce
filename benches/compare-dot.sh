#!/usr/bin/env bash
# Lays out every benchmark graph (North DAGs, Graphviz test graphs, generated ML-pipeline-like
# graphs) with our engine and with Graphviz dot, and prints per graph both wall times, their
# ratio and both crossing counts (one shared counter over the drawn edge polylines; dot runs
# with splines=polyline). Extra arguments go to the benchmark, e.g. `--only b100`, or
# `--dot-feedback-back` to give dot the feedback edges of the generated graphs against the flow,
# as our engine draws them.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v dot >/dev/null 2>&1; then
  echo "Graphviz dot is missing; installing the Debian package graphviz" >&2
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq graphviz >/dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq graphviz >/dev/null
  fi
fi
dot -V
exec cargo bench --bench layout -- --compare-dot "$@"
