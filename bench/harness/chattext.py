"""Message text for the benchmarks: pseudo-random words, different for every message, so that neither the store's
single-instance bytes nor the text index's shared body document nor page compression see the same body twice (real
chat messages differ; a body of repeated 'x' made every APPEND reference one stored body and index nothing new).

BENCH_FILLER=x brings back the 'x' filler of the runs before 2026-12-06 18:00 UTC, to compare with their figures."""
import os
import random

_LETTERS = "etaoinshrdlcumwfgypbvkjxqz"
_WEIGHTS = [12, 9, 8, 8, 7, 7, 6, 6, 6, 4, 4, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1]


def text(length, seed):
    """`length` bytes of lower-case ASCII words separated by spaces, the same for the same seed."""
    if os.environ.get("BENCH_FILLER") == "x":
        return "x" * length
    rnd = random.Random(seed)
    out = []
    size = 0
    while size < length:
        word = "".join(rnd.choices(_LETTERS, _WEIGHTS, k=rnd.randint(1, 9)))
        out.append(word)
        size += len(word) + 1
    return " ".join(out)[:length]
