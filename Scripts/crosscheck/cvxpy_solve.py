#!/usr/bin/env python3
"""Independent solver of the rdopt convex program (docs/mathematics.md) with CVXPY + Clarabel.

Reads a problem JSON file in the docs/formats.md format and prints one JSON document:

    {"status": <cvxpy status>, "rate_nats": I, "distortion": avg distortion,
     "seconds": wall time of problem.solve(), "max_fidelity_violation": ..., ...}

The program is written in the joint form, which is DCP:

    variables  J_ij = p_i Q_ij >= 0,   sum_j J_ij = p_i,   q_j = sum_i J_ij
    I(J)       = sum_ij rel_entr(J_ij, p_i q_j)            (jointly convex; p_i q_j is affine)
    average    sum_ij J_ij d_ij <= D                         (target mode)
    per-elem.  (1/p_i) sum_j J_ij d_ij <= D_i                 (i in a per-element class)
    class-avg  sum_{i in S_k} sum_j J_ij d_ij <= P_k D_k      (P_k = sum_{i in S_k} p_i)

In slope mode the objective is I + s * sum_ij J_ij d_ij (no average bound) and "rate_nats" is I
alone. The constraints are scaled so that their dual values are the prices of docs/mathematics.md:
"slope" is s (target mode), per-element "prices" are mu_i, class-average "price" is nu_k.

"rate_nats" and "distortion" are recomputed in float64 from the returned J (clipped at 0), not
taken from the solver's objective value; "objective" is the solver's value. In target mode
"lower_bound_nats" is the certified lower bound of docs/mathematics.md evaluated at CVXPY's duals and
output law (valid whatever their accuracy), and "gap_nats" = rate_nats - lower_bound_nats (it can
be slightly negative when CVXPY's encoder violates a constraint). The bound is loose on fine
grids (1e-5 at 64 points, 1e-2 at 256): small errors in CVXPY's q_j for vanishing codewords
inflate max_j c_j. Compare rates, not this gap, with rdopt.

Clarabel ends "optimal" or "optimal_inaccurate" (AlmostSolved) unpredictably on these problems
even when its rate is within 1e-6 nats; a cross-check should accept both.
"max_fidelity_violation" is the largest amount, in distortion units, by which a fidelity bound
is exceeded (per-element: row distortion - D_i; class-average: class mean distortion - D_k;
0 when every bound holds or there is none). "distortion_violation" does the same for the
average bound in target mode.

Exit status: 0 when a JSON document was printed (whatever the solver status, also
"infeasible"); 2 with "error: ..." on stderr for malformed input; 1 if CVXPY is missing or fails.
"""

import argparse
import json
import math
import sys
import time

PROBABILITY_SUM_TOLERANCE = 1e-6


class InputError(Exception):
    """Malformed problem file: reported as 'error: ...' with exit status 2."""


def _reject_constant(name):
    raise InputError(f"non-finite number {name} in the JSON text")


def _finite_number(value, where):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{where}: expected a number, got {json.dumps(value)[:40]}")
    value = float(value)
    if not math.isfinite(value):
        raise InputError(f"{where}: non-finite number")
    return value


def _point(value, where):
    """A scalar becomes a 1-tuple, an array a k-tuple of floats."""
    if isinstance(value, list):
        if not value:
            raise InputError(f"{where}: empty vector")
        return tuple(_finite_number(v, f"{where}[{k}]") for k, v in enumerate(value))
    return (_finite_number(value, where),)


def _points(value, where):
    if not isinstance(value, list):
        raise InputError(f"{where}: expected an array")
    if not value:
        raise InputError(f"{where}: empty")
    pts = [_point(v, f"{where}[{i}]") for i, v in enumerate(value)]
    k = len(pts[0])
    for i, pt in enumerate(pts):
        if len(pt) != k:
            raise InputError(f"{where}[{i}]: dimension {len(pt)}, expected {k}")
    return pts


def distortion_matrix(problem, n):
    """The n x m distortion matrix d_ij as a numpy array (docs/mathematics.md, “Notation”)."""
    import numpy as np

    measure = problem.get("distortion", None)
    if measure is None:
        raise InputError("missing key 'distortion'")
    if isinstance(measure, dict):
        if set(measure) != {"matrix"}:
            raise InputError("distortion: an object must have exactly the key 'matrix'")
        rows = measure["matrix"]
        if not isinstance(rows, list) or not rows:
            raise InputError("distortion.matrix: expected a non-empty array of rows")
        if len(rows) != n:
            raise InputError(f"distortion.matrix: {len(rows)} rows, but the source has {n} points")
        m = None
        d = []
        for i, row in enumerate(rows):
            if not isinstance(row, list) or not row:
                raise InputError(f"distortion.matrix[{i}]: expected a non-empty array")
            if m is None:
                m = len(row)
            elif len(row) != m:
                raise InputError(f"distortion.matrix[{i}]: {len(row)} columns, expected {m}")
            d.append([_finite_number(v, f"distortion.matrix[{i}][{j}]") for j, v in enumerate(row)])
        d = np.array(d, dtype=float)
        if (d < 0).any():
            i, j = map(int, np.argwhere(d < 0)[0])
            raise InputError(f"distortion.matrix[{i}][{j}]: negative distortion {d[i, j]}")
        if "codebook" in problem and isinstance(problem["codebook"], list):
            if len(problem["codebook"]) != m:
                raise InputError(
                    f"codebook: {len(problem['codebook'])} codewords, but the matrix has {m} columns")
        return d

    if measure not in ("squared-error", "absolute-error", "hamming"):
        raise InputError(f"distortion: unknown measure {json.dumps(measure)}; expected "
                         "\"squared-error\", \"absolute-error\", \"hamming\" or {\"matrix\": ...}")
    source = problem["source"]
    if "points" not in source:
        raise InputError("source: missing key 'points' (required unless the distortion is a matrix)")
    if "codebook" not in problem:
        raise InputError("missing key 'codebook' (required unless the distortion is a matrix)")
    x = np.array(_points(source["points"], "source.points"), dtype=float)  # n x k
    y = np.array(_points(problem["codebook"], "codebook"), dtype=float)  # m x k
    if x.shape[0] != n:
        raise InputError(f"source.points: {x.shape[0]} points but {n} probabilities")
    if x.shape[1] != y.shape[1]:
        raise InputError(f"codebook: dimension {y.shape[1]}, but the points have dimension {x.shape[1]}")
    diff = x[:, None, :] - y[None, :, :]  # n x m x k
    if measure == "squared-error":
        return np.mean(diff * diff, axis=2)
    if measure == "absolute-error":
        return np.mean(np.abs(diff), axis=2)
    return np.any(diff != 0, axis=2).astype(float)


def parse_problem(text):
    """Validates the §8 problem and returns a dict of numpy arrays and plain values."""
    import numpy as np

    try:
        problem = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        raise InputError(f"malformed JSON: {e}") from None
    if not isinstance(problem, dict):
        raise InputError("the problem must be a JSON object")
    source = problem.get("source")
    if not isinstance(source, dict):
        raise InputError("missing or malformed key 'source' (an object)")
    probs = source.get("probabilities")
    if not isinstance(probs, list) or not probs:
        raise InputError("source.probabilities: expected a non-empty array")
    p = np.array([_finite_number(v, f"source.probabilities[{i}]") for i, v in enumerate(probs)])
    if (p < 0).any():
        i = int(np.argmax(p < 0))
        raise InputError(f"source.probabilities[{i}]: negative probability {p[i]}")
    total = float(p.sum())
    if abs(total - 1) > PROBABILITY_SUM_TOLERANCE:
        raise InputError(f"source.probabilities: sum {total!r} differs from 1 by more than "
                         f"{PROBABILITY_SUM_TOLERANCE}")
    p = p / total
    n = len(p)
    d = distortion_matrix(problem, n)

    has_target = "target_distortion" in problem
    has_slope = "slope" in problem
    if has_target == has_slope:
        raise InputError("exactly one of 'target_distortion' and 'slope' must be given"
                         + (" (both are)" if has_target else " (neither is)"))
    target = slope = None
    if has_target:
        target = _finite_number(problem["target_distortion"], "target_distortion")
        if target < 0:
            raise InputError(f"target_distortion: negative ({target})")
    else:
        slope = _finite_number(problem["slope"], "slope")
        if slope < 0:
            raise InputError(f"slope: negative ({slope})")

    classes = []
    fidelity = problem.get("fidelity", [])
    if fidelity is None:
        fidelity = []
    if not isinstance(fidelity, list):
        raise InputError("fidelity: expected an array of classes")
    for k, cls in enumerate(fidelity):
        where = f"fidelity[{k}]"
        if not isinstance(cls, dict):
            raise InputError(f"{where}: expected an object")
        name = cls.get("name", f"class{k}")
        if not isinstance(name, str):
            raise InputError(f"{where}.name: expected a string")
        members = cls.get("members")
        if not isinstance(members, list) or not members:
            raise InputError(f"{where}.members: expected a non-empty array of indices")
        idx = []
        for t, v in enumerate(members):
            if isinstance(v, bool) or not isinstance(v, int):
                if isinstance(v, float) and v.is_integer():
                    v = int(v)
                else:
                    raise InputError(f"{where}.members[{t}]: expected an integer index")
            if not 0 <= v < n:
                raise InputError(f"{where}.members[{t}]: index {v} out of range 0..{n - 1}")
            idx.append(v)
        if len(set(idx)) != len(idx):
            raise InputError(f"{where}.members: repeated index")
        if "tolerance" not in cls:
            raise InputError(f"{where}: missing key 'tolerance'")
        tol = _finite_number(cls["tolerance"], f"{where}.tolerance")
        if tol < 0:
            raise InputError(f"{where}.tolerance: negative ({tol})")
        semantics = cls.get("semantics", "per-element")
        if semantics not in ("per-element", "class-average"):
            raise InputError(f"{where}.semantics: {json.dumps(semantics)}; expected "
                             "\"per-element\" or \"class-average\"")
        classes.append({"name": name, "members": np.array(idx, dtype=int),
                        "tolerance": tol, "semantics": semantics})
    return {"p": p, "d": d, "target": target, "slope": slope, "classes": classes}


def certified_lower_bound(prob, q, slope, per_element, class_average):
    """The lower bound of docs/mathematics.md from any multipliers >= 0 and output law q:

        LB = sum_i p_i log lambda_i - log max_j c_j - s D - sum mu_i D_i - sum nu_k P_k D_k

    with s_i = s + sum mu_i / p_i + sum nu_k, lambda_i = 1 / sum_j q_j exp(-s_i d_ij) and
    c_j = sum_i p_i lambda_i exp(-s_i d_ij). It bounds the optimum from below whatever the
    multipliers are (negative duals from the solver are clipped to 0), so it measures how far
    the solver's answer can be from the true minimum. Target mode only.
    per_element: list of (members, tolerances, mu); class_average: list of (members, D_k, nu).
    """
    import numpy as np
    from scipy.special import logsumexp

    p, d = prob["p"], prob["d"]
    s = max(float(slope), 0.0)
    slopes = np.full(len(p), s)
    linear = s * prob["target"]
    for idx, tol, mu in per_element:
        mu = np.maximum(np.asarray(mu, dtype=float), 0.0)
        slopes[idx] += mu / p[idx]
        linear += float((mu * tol).sum())
    for idx, tol, nu in class_average:
        nu = max(float(nu), 0.0)
        slopes[idx] += nu
        linear += nu * float(p[idx].sum()) * tol
    with np.errstate(divide="ignore"):
        log_q = np.log(np.maximum(q, 0.0))
    exponent = -slopes[:, None] * d  # n x m
    log_z = logsumexp(log_q[None, :] + exponent, axis=1)  # log Z_i = -log lambda_i
    log_c = logsumexp(np.log(p)[:, None] - log_z[:, None] + exponent, axis=0)
    return float(-(p * log_z).sum() - log_c.max() - linear)


def build_and_solve(prob, solver, verbose, accurate, form="joint"):
    import cvxpy as cp
    import numpy as np
    from scipy.special import rel_entr

    p, d = prob["p"], prob["d"]
    n, m = d.shape
    # The variable X is the joint J (form "joint") or the encoder Q (form "conditional"); in
    # both J = r_i X_ij with r = 1 or r = p, and every constraint is written in terms of X.
    r = np.ones(n) if form == "joint" else p
    X = cp.Variable((n, m), nonneg=True)
    # q is a variable of its own, tied to X by q = sum_i r_i X_ij: written inline, every cone's
    # second argument would involve a whole column of X and the KKT system would hold n^2 m
    # non-zeros instead of O(nm).
    q = cp.Variable(m, nonneg=True)
    if form == "joint":
        # I = sum_ij rel_entr(J_ij, p_i q_j)
        pq = cp.reshape(p, (n, 1), order="C") @ cp.reshape(q, (1, m), order="C")
        rate = cp.sum(cp.rel_entr(X, pq))
        constraints = [cp.sum(X, axis=1) == p, cp.sum(X, axis=0) == q]
    else:
        # I = sum_i p_i sum_j rel_entr(Q_ij, q_j)
        qq = np.ones((n, 1)) @ cp.reshape(q, (1, m), order="C")
        rate = cp.sum(cp.multiply(p[:, None], cp.rel_entr(X, qq)))
        constraints = [cp.sum(X, axis=1) == 1, p @ X == q]
    avg_distortion = cp.sum(cp.multiply(X, r[:, None] * d))

    average_bound = None
    if prob["target"] is not None:
        average_bound = avg_distortion <= prob["target"]
        constraints.append(average_bound)
        objective = cp.Minimize(rate)
    else:
        objective = cp.Minimize(rate + prob["slope"] * avg_distortion)

    class_constraints = []
    for cls in prob["classes"]:
        idx = cls["members"]
        if cls["semantics"] == "per-element":
            # Row distortion in Q units, sum_j Q_ij d_ij <= D_i, so that the dual is mu_i.
            scaled = d[idx, :] * (r[idx] / p[idx])[:, None]
            con = cp.sum(cp.multiply(X[idx, :], scaled), axis=1) <= cls["tolerance"]
        else:
            # sum_{i in S_k} p_i sum_j Q_ij d_ij <= P_k D_k, dual nu_k.
            mass = float(p[idx].sum())
            scaled = d[idx, :] * r[idx][:, None]
            con = cp.sum(cp.multiply(X[idx, :], scaled)) <= mass * cls["tolerance"]
        class_constraints.append(con)
        constraints.append(con)

    problem = cp.Problem(objective, constraints)
    kwargs = {}
    if accurate and solver.upper() == "CLARABEL":
        kwargs = dict(tol_gap_abs=1e-12, tol_gap_rel=1e-12, tol_feas=1e-12, max_iter=500)
    start = time.perf_counter()
    cpu_start = time.process_time()
    try:
        problem.solve(solver=getattr(cp, solver.upper(), solver), verbose=verbose, **kwargs)
    except cp.error.SolverError as e:
        seconds = time.perf_counter() - start
        return {"status": "solver_error", "message": str(e), "rate_nats": None,
                "distortion": None, "seconds": seconds, "max_fidelity_violation": None}
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start

    result = {"status": problem.status, "seconds": seconds, "cpu_seconds": cpu_seconds}
    stats = problem.solver_stats
    if stats is not None:
        result["solver_seconds"] = stats.solve_time
        result["solver_iterations"] = stats.num_iters
    if X.value is None:
        result.update({"rate_nats": None, "distortion": None, "max_fidelity_violation": None})
        return result

    Jv = np.maximum(np.asarray(X.value, dtype=float), 0.0) * r[:, None]
    qv = Jv.sum(axis=0)
    rate_nats = float(rel_entr(Jv, np.outer(p, qv)).sum())
    distortion = float((Jv * d).sum())
    max_violation = 0.0
    fidelity_out = []
    for cls, con in zip(prob["classes"], class_constraints):
        idx = cls["members"]
        row = (Jv[idx, :] * d[idx, :]).sum(axis=1) / p[idx]
        entry = {"name": cls["name"]}
        if cls["semantics"] == "per-element":
            achieved = row
            entry["max_row_distortion"] = float(row.max())
            violation = float((row - cls["tolerance"]).max())
            if con.dual_value is not None:
                entry["prices"] = [float(v) for v in np.atleast_1d(con.dual_value)]
        else:
            mass = float(p[idx].sum())
            achieved = float((Jv[idx, :] * d[idx, :]).sum()) / mass
            entry["class_distortion"] = achieved
            violation = achieved - cls["tolerance"]
            if con.dual_value is not None:
                entry["price"] = float(np.atleast_1d(con.dual_value)[0])
        max_violation = max(max_violation, violation)
        fidelity_out.append(entry)

    result.update({
        "rate_nats": rate_nats,
        "rate_bits": rate_nats / math.log(2),
        "distortion": distortion,
        "max_fidelity_violation": max_violation,
        "objective": float(problem.value) if problem.value is not None else None,
    })
    if prob["target"] is not None:
        result["distortion_violation"] = max(0.0, distortion - prob["target"])
        if average_bound is not None and average_bound.dual_value is not None:
            result["slope"] = float(np.atleast_1d(average_bound.dual_value)[0])
            per_element, class_average = [], []
            usable = True
            for cls, con in zip(prob["classes"], class_constraints):
                if con.dual_value is None:
                    usable = False
                elif cls["semantics"] == "per-element":
                    per_element.append((cls["members"], cls["tolerance"],
                                        np.atleast_1d(con.dual_value)))
                else:
                    class_average.append((cls["members"], cls["tolerance"],
                                          np.atleast_1d(con.dual_value)[0]))
            if usable:
                lb = certified_lower_bound(prob, qv, result["slope"], per_element, class_average)
                result["lower_bound_nats"] = lb
                result["gap_nats"] = rate_nats - lb
    else:
        result["slope"] = prob["slope"]
    result["max_row_sum_error"] = float(np.abs(Jv.sum(axis=1) - p).max())
    result["output_probabilities"] = [float(v) for v in qv]
    if fidelity_out:
        result["fidelity"] = fidelity_out
    result["size"] = [n, m]
    result["form"] = form
    return result


def _finite_or_null(value):
    """NaN and infinities become null so that the output is valid JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite_or_null(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite_or_null(v) for v in value]
    return value


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Solve an rdopt problem (docs/formats.md) with CVXPY and print a JSON result.")
    parser.add_argument("problem", help="problem JSON file ('-' for stdin)")
    parser.add_argument("--solver", default="CLARABEL", help="CVXPY solver name (default CLARABEL)")
    parser.add_argument("--accurate", action="store_true",
                        help="tighten Clarabel's tolerances to 1e-12 (slower, may not converge)")
    parser.add_argument("--form", choices=("joint", "conditional"), default="joint",
                        help="variables: the joint J = p_i Q_ij (default) or the encoder Q")
    parser.add_argument("--verbose", action="store_true", help="solver log on stderr")
    parser.add_argument("--indent", type=int, default=None, help="indent the JSON output")
    args = parser.parse_args(argv)

    try:
        if args.problem == "-":
            text = sys.stdin.read()
        else:
            with open(args.problem, "r", encoding="utf-8") as f:
                text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        print(f"error: {args.problem}: cannot read: {e}", file=sys.stderr)
        return 2

    try:
        import numpy  # noqa: F401
        import cvxpy  # noqa: F401
    except ImportError as e:
        print(f"error: CVXPY is not installed for {sys.executable}: {e}", file=sys.stderr)
        return 1

    try:
        prob = parse_problem(text)
    except InputError as e:
        print(f"error: {args.problem}: {e}", file=sys.stderr)
        return 2
    except KeyError as e:
        print(f"error: {args.problem}: missing key {e}", file=sys.stderr)
        return 2

    if args.verbose:
        result = build_and_solve(prob, args.solver, True, args.accurate, args.form)
    else:
        # CVXPY and the solvers may print warnings on stdout; keep stdout for the JSON only.
        import contextlib
        import warnings
        with contextlib.redirect_stdout(sys.stderr), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = build_and_solve(prob, args.solver, False, args.accurate, args.form)
    json.dump(_finite_or_null(result), sys.stdout, indent=args.indent, allow_nan=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
