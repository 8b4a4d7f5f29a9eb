#!/usr/bin/env python3
"""Writes the benchmark problem of issue 3 (docs/formats.md format) as JSON.

N-point grid on [-4, 4] (x_i = -4 + 8 i / (N - 1)), p proportional to the N(0, 1) density at the
points, codebook = the points, squared error, a target distortion (default 0.1) and a
per-element fidelity class "tail" with members |x_i| > 2.5 and tolerance 0.02.

Usage: make_gaussian_problem.py N [--tail 2.5] [--tail-tolerance 0.02] [--target 0.1]
                                  [--no-tail] [--output FILE]
Standard library only, so it runs without the virtual environment.
"""

import argparse
import json
import math
import sys


def gaussian_problem(n, target, tail, tail_tolerance):
    points = [-4.0 + 8.0 * i / (n - 1) for i in range(n)]
    weights = [math.exp(-0.5 * x * x) for x in points]
    total = math.fsum(weights)
    probabilities = [w / total for w in weights]
    problem = {
        "source": {"points": points, "probabilities": probabilities},
        "codebook": points,
        "distortion": "squared-error",
        "target_distortion": target,
    }
    if tail is not None:
        members = [i for i, x in enumerate(points) if abs(x) > tail]
        if members:
            problem["fidelity"] = [{"name": "tail", "members": members,
                                    "tolerance": tail_tolerance, "semantics": "per-element"}]
    return problem


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of grid points (>= 2)")
    parser.add_argument("--tail", type=float, default=2.5,
                        help="fidelity class members: |x| > TAIL (default 2.5)")
    parser.add_argument("--tail-tolerance", type=float, default=0.02,
                        help="per-element tolerance of the tail class (default 0.02)")
    parser.add_argument("--target", type=float, default=0.1,
                        help="target average distortion (default 0.1)")
    parser.add_argument("--no-tail", action="store_true", help="no fidelity class")
    parser.add_argument("--output", "-o", help="write here instead of stdout")
    args = parser.parse_args(argv)
    if args.n < 2:
        parser.error("N must be at least 2")
    for name in ("tail", "tail_tolerance", "target"):
        value = getattr(args, name)
        if not math.isfinite(value) or value < 0:
            parser.error(f"--{name.replace('_', '-')} must be a finite number >= 0")

    problem = gaussian_problem(args.n, args.target, None if args.no_tail else args.tail,
                               args.tail_tolerance)
    text = json.dumps(problem) + "\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
