#!/bin/sh
# Dump `geonews extract --format json` of the dev and dev2 articles and a synthetic corpus,
# to check that a speed change keeps every output byte-identical:
#
#   python benchmarks/make_corpus.py 2000 -o /tmp/corpus2000.jsonl --bad 0
#   git archive HEAD geonews | tar -x -C /tmp/before && ln -s $PWD/data /tmp/before/data
#   benchmarks/dump_extract.sh /tmp/before /tmp/out-before /tmp/corpus2000.jsonl
#   benchmarks/dump_extract.sh $PWD /tmp/out-after /tmp/corpus2000.jsonl
#   diff -r /tmp/out-before /tmp/out-after
set -e
tree=$(realpath "$1"); out=$2; corpus=$(realpath "$3"); mkdir -p "$out"
shared=$(realpath "$(dirname "$0")/../../shared/eval")
home=$(mktemp -d)  # a fresh cache: the cold path is checked too
for set in dev dev2; do
  (cd "$tree" && GEONEWS_HOME=$home PYTHONPATH=$tree python -m geonews extract --format json \
      "$shared/$set"/*.json > "$out/$set.json" 2> "$out/$set.err") || true
done
(cd "$tree" && GEONEWS_HOME=$home PYTHONPATH=$tree python -m geonews extract --format json \
    "$corpus" > "$out/corpus.json" 2> "$out/corpus.err") || true
rm -rf "$home"
