"""The benchmark scripts' quantiser: a uniform codebook with step sqrt(12 D) over the data's
range (one spare cell each side), the data's own Laplace-smoothed cell probabilities, and the
slope 1/(2 D), written as an rdopt quantizer document."""
import json
import math


def write_uniform_quantizer(counts, n, path, distortion=0.1):
    """counts: samples per cell index k (cell k holds values nearest k * step); n: samples."""
    step = math.sqrt(12 * distortion)
    low, high = min(counts) - 1, max(counts) + 1
    codebook = [k * step for k in range(low, high + 1)]
    total = n + 0.5 * len(codebook)
    probabilities = [(counts.get(k, 0) + 0.5) / total for k in range(low, high + 1)]
    with open(path, "w") as f:
        json.dump({"format": "rdopt-quantizer", "version": 1, "dimension": 1,
                   "distortion": "squared-error", "codebook": codebook,
                   "probabilities": probabilities, "slope": 1 / (2 * distortion),
                   "important": None}, f)
