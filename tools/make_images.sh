#!/usr/bin/env bash
# Regenerates the pictures in docs/images (the only command that writes there; the examples
# themselves write to ./tinytensor-pictures unless given --out). Needs the extras
# `pip install ".[plot,graph]"` and Graphviz's dot program for the graph pictures.
#   bash tools/make_images.sh            (from the repository root; ~1 minute)
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/images
python examples/neuron_digits.py --out "$out" > /dev/null
python examples/higham.py --out "$out" > /dev/null
python examples/two_layer_backprop.py --out "$out" > /dev/null
rm -f "$out"/graph_*.dot
python examples/mnist.py --plot --out "$out" > /dev/null
ls -l "$out"
