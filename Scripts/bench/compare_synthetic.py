"""rdopt against SZ3's best algorithm on 19 synthesised arrays (called by compare-synthetic.sh):
the kinds of data the real corpus lacks, each from a fixed seed — skewed, sparse and heavy-tailed
values, exactly repeated values (a clipped sine, gaps of zeros, a field masked with zeros),
steps, tones, random walks, decimal readings, a large offset, a cartoon image, a 3-D float32
turbulence-like field, and i.i.d. uniform, Laplace, bimodal and Poisson values.

The bounds, the bisection of SZ3's bound, the decoding check and the table are
compare_real.py's (MSE ≤ var/10^2, var/10^3, var/10^4, var/10^6 and |error| ≤ 10^-3 of the
range; the script fails, after the table, if a decoded rdopt file broke its bound).

Usage: compare_synthetic.py RDOPT WORK_FOLDER [--only NAME[,NAME...]]
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_real import compare  # noqa: E402


def ar1(innovations, rho):
    """The AR(1) recursion x_i = rho x_(i-1) + e_i from x_0 = 0."""
    x = np.zeros(innovations.size)
    for i in range(1, x.size):
        x[i] = rho * x[i - 1] + innovations[i]
    return x


def smooth_field(rng, shape, power):
    """Gaussian noise with its spectrum divided by (k^2 + small)^power: a smooth random field."""
    frequencies = np.meshgrid(*[np.fft.fftfreq(n) ** 2 for n in shape], indexing="ij")
    k2 = sum(frequencies)
    noise = np.fft.fftn(rng.normal(size=shape))
    field = np.real(np.fft.ifftn(noise / (1e-3 + k2) ** power))
    return (field - field.mean()) / field.std()


def signals(rng):
    """The 1-D signals, 200,000 to 400,000 values each."""
    n = 400_000
    t = np.arange(n) / 16000
    tones = sum(a * np.sin(2 * np.pi * f * t + phase)
                for a, f, phase in [(1, 220, 0), (0.5, 440, 1), (0.3, 1330, 2), (0.1, 3100, 0.5)])
    impulses = np.zeros(n)
    where = rng.choice(n, n // 500, replace=False)
    impulses[where] = rng.exponential(5, where.size)
    spikes = np.convolve(impulses, np.exp(-np.arange(40) / 8), mode="same")
    temperature = (20 + np.cumsum(rng.normal(0, 0.02, 200_000))
                   + 3 * np.sin(np.arange(200_000) * 2 * np.pi / 1440))
    gaps = np.cumsum(rng.normal(size=300_000))
    gaps[(np.arange(300_000) // 5000) % 7 == 3] = 0.0
    sine = np.sin(np.arange(300_000) / 50.0) * 1.3 + 0.05 * rng.normal(size=300_000)
    return [
        ("walk", np.cumsum(rng.normal(size=n))),
        ("steps", np.repeat(rng.normal(0, 10, n // 2000), 2000) + rng.normal(0, 0.3, n)),
        ("tones", tones * (1 + 0.5 * np.sin(2 * np.pi * 0.7 * t)) + rng.normal(0, 0.01, n)),
        ("spikes", spikes + rng.normal(0, 0.02, n)),
        ("decimal_temperature", np.round(temperature, 2)),
        ("ar1_student3", ar1(rng.standard_t(3, n), 0.95)),
        ("sawtooth", (np.arange(n) % 137) / 137.0 + 0.2 * np.sign(np.sin(np.arange(n) / 300.0))
         + rng.normal(0, 0.005, n)),
        ("clipped_sine_f32", np.clip(sine, -1, 1).astype(np.float32)),
        ("walk_with_gaps", gaps),
        ("offset_ar1", 101325.0 + 0.01 * ar1(rng.normal(size=300_000), 0.9)),
    ]


def iid(rng):
    """Independent values, 200,000 to 300,000 each."""
    n = 300_000
    return [
        ("lognormal", rng.lognormal(0, 2, 200_000)),
        ("uniform", rng.uniform(-1, 1, n)),
        ("laplace", rng.laplace(0, 1, n)),
        ("bimodal", np.where(rng.random(n) < 0.3, rng.normal(-5, 1, n), rng.normal(3, 0.5, n))),
        ("poisson", rng.poisson(3, n).astype(np.float64)),
    ]


def fields(rng):
    """2-D and 3-D arrays."""
    sea = smooth_field(rng, (512, 512), 1.2) * 5 + 285
    rows, columns = np.mgrid[0:512, 0:512]
    sea[((columns - 200) ** 2 + (rows - 300) ** 2 < 120 ** 2) | (columns > 430)] = 0.0
    centres = rng.uniform(0, 600, (60, 2))
    shades = rng.uniform(0, 255, 60)
    rows, columns = np.mgrid[0:600, 0:600]
    nearest = np.argmin((rows[..., None] - centres[:, 0]) ** 2
                        + (columns[..., None] - centres[:, 1]) ** 2, axis=2)
    gradient = (np.add.outer(np.linspace(0, 50, 1000), np.linspace(0, 30, 1000))
                + np.cumsum(rng.normal(0, 1, (1000, 1000)), axis=1) * 0.2)
    return [
        ("masked_sea_f32", sea.astype(np.float32)),
        ("turbulence_3d_f32", smooth_field(rng, (64, 64, 64), 11 / 12).astype(np.float32)),
        ("cartoon", shades[nearest] + rng.normal(0, 2, (600, 600))),
        ("gradient_image", gradient),
    ]


def corpus():
    """The 19 arrays, as (name, array), from one seeded generator."""
    rng = np.random.default_rng(20261207)
    return [(name, np.ascontiguousarray(data))
            for name, data in signals(rng) + iid(rng) + fields(rng)]


if __name__ == "__main__":
    compare("rdopt against SZ3's best algorithm on synthesised arrays.", corpus)
