#!/usr/bin/env bash
# Backend check on a CUDA machine, in one run of a few minutes:
#   1. a virtual environment from requirements-dev.txt plus CUDA torch (requirements.gpu.txt),
#   2. the backend parity tests with the torch backend on the GPU (they fail without CUDA),
#   3. a timing table: 1, 1k and 100k-row batches of every compiled model part, torch on
#      the device against ONNX Runtime on one CPU thread (the CPU backend).
#
# Usage: scripts/gpu_check.sh [--device cuda|cpu] [--venv DIR] [--skip-install]
#                             [--rows 1,1000,100000] [--budget SECONDS]
# --device cpu runs steps 2-3 with torch on the CPU (for machines without a GPU); it reuses
# .venv and installs nothing unless --venv names another folder.
# pip honours PIP_INDEX_URL / PIP_FIND_LINKS, for machines that install from a mirror or a
# wheelhouse.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
DEVICE=cuda
VENV=""
SKIP_INSTALL=0
ROWS=1,1000,100000
BUDGET=0.2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --device) DEVICE="$2"; shift 2 ;;
    --venv) VENV="$2"; shift 2 ;;
    --skip-install) SKIP_INSTALL=1; shift ;;
    --rows) ROWS="$2"; shift 2 ;;
    --budget) BUDGET="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$DEVICE" in cuda|cpu) ;; *) echo "--device must be cuda or cpu" >&2; exit 2 ;; esac
if [[ -z "$VENV" ]]; then
  if [[ "$DEVICE" == cuda ]]; then VENV=.venv-gpu; else VENV=.venv; fi
fi
PY="$VENV/bin/python"
START=$SECONDS
step() { echo; echo "== [$((SECONDS - START))s] $*"; }

if [[ "$DEVICE" == cuda ]]; then
  step "GPU"
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total \
    --format=csv,noheader || echo "nvidia-smi not found; torch will tell"
fi

needs_install() {
  [[ "$SKIP_INSTALL" == 1 ]] && return 1
  [[ -x "$PY" ]] || return 0
  # Reuse a venv that already has what the checks import (a second run costs nothing).
  "$PY" - "$DEVICE" <<'PY' >/dev/null 2>&1 && return 1 || return 0
import sys, onnxruntime, pytest, sklearn, torch
sys.exit(0 if sys.argv[1] == "cpu" or torch.cuda.is_available() else 1)
PY
}

if needs_install; then
  step "installing into $VENV (requirements-dev.txt + requirements.gpu.txt)"
  PYTHON_BIN="$(command -v python3.11 || command -v python3)"
  [[ -x "$PY" ]] || "$PYTHON_BIN" -m venv "$VENV"
  "$PY" -m pip install --quiet --upgrade pip
  requirements=(-r requirements-dev.txt)
  # requirements.gpu.txt adds the PyTorch CUDA index: torch==2.13.0 resolves to +cu128.
  [[ "$DEVICE" == cuda ]] && requirements+=(-r requirements.gpu.txt)
  "$PY" -m pip install --quiet "${requirements[@]}"
  "$PY" -c 'import torch' 2>/dev/null || "$PY" -m pip install --quiet torch==2.13.0
fi

step "torch and device"
"$PY" - "$DEVICE" <<'PY'
import sys

import torch

device = sys.argv[1]
print(f"torch {torch.__version__}, CUDA build {torch.version.cuda}, "
      f"cuda available: {torch.cuda.is_available()}")
if device == "cuda":
    if not torch.cuda.is_available():
        sys.exit("DEVICE=cuda but torch sees no CUDA device")
    print("device:", torch.cuda.get_device_name(0))
PY

step "parity tests, torch backend on $DEVICE"
TORCH_TEST_DEVICE="$DEVICE" "$PY" -m pytest -q -p no:cacheprovider tests/serving/backends

step "timings: onnx (1 CPU thread) vs torch on $DEVICE; rows $ROWS"
"$PY" -m fembalance_ml.serving.backends.bench --device "$DEVICE" --backends onnx,torch \
  --rows "$ROWS" --budget "$BUDGET"

step "done"
