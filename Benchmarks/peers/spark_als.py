#!/usr/bin/env python3
"""mfsweep's Spark MLlib ALS peer: explicit-feedback ALS in Spark local mode, timed per fit.

    spark_als.py TRAIN TEST --rank R --reg L --iters 1,2,3,5,10 [--cores 2]
                 [--driver-memory 12g] [--warmup] [--json]

What it measures
* TRAIN and TEST are the two halves of one split, written out by mfsweep so that both tools
  train and score on exactly the same rows. Either a CSV with the header `user,item,rating`
  (integer ids, 0- or 1-based, float ratings) or, for a name ending in `.data`, MovieLens
  u.data (tab-separated, no header: user item rating timestamp).
* Loading uses a fixed schema (int, int, float) rather than inferSchema, which would read the
  file a second time. Both frames are cached and counted; that wall time is `load_s`.
* For every count k in --iters (run in ascending order) a fresh
  `ALS(rank=R, regParam=L, maxIter=k, seed=0, implicitPrefs=False, nonnegative=False,
  coldStartStrategy="drop")` is fitted from scratch and its wall time is `fit_s` (Spark's ALS
  materialises both factor tables inside fit(), so this is the real training work). Then the
  RMSE on TEST and on TRAIN is computed with RegressionEvaluator; with coldStartStrategy="drop"
  test rows whose user or item never appears in TRAIN are left out of the test RMSE.
* Per-iteration cost is reported two ways: `s_per_iter` = fit_s / k for every fit (this carries
  a fixed set-up cost: partitioning the ratings into blocks, building in/out links, JVM
  warm-up on the first fit) and `marginal_s_per_iter` = (fit_s at largest k - fit_s at smallest
  k) / (largest k - smallest k), which cancels the fixed part. `--warmup` runs one untimed
  1-iteration fit first so JIT compilation does not land on the smallest timed fit.
* Memory: the peak resident set (VmHWM in /proc/PID/status) of the py4j gateway JVM, which in
  local mode is driver and executors in one, read just before spark.stop(); and the Python
  driver process's own peak from resource.getrusage.

Regularisation: Spark's regParam is ALS-WR (weighted-lambda regularisation, Zhou et al. 2008).
In each user's (item's) least-squares solve, lambda is multiplied by that user's (item's) number
of training ratings, so the same number does not mean the same penalty as an unscaled L2 term;
check which form the mfsweep side uses before comparing at equal --reg.

Output: one line per fit, e.g.
    spark-als iters=5 fit_s=4.21 s_per_iter=0.842 test_rmse=0.9301 train_rmse=0.7402
then `spark-als summary load_s=... peak_rss_mb=... ...`; with --json instead a single JSON
object {load_s, fits: [{iters, fit_s, s_per_iter, test_rmse, train_rmse}], marginal_s_per_iter,
jvm_peak_rss_mb, python_peak_rss_mb, cores, rank, reg, ratings, ...}.

Set-up: `pip install pyspark` (needs Java 17+). For native BLAS/LAPACK in the solves,
`apt-get install -y libopenblas0-pthread liblapack3`; the summary names the implementation Spark
picked (JNIBLAS/JNILAPACK = native, JavaBLAS/JavaLAPACK = the pure-JVM fallback) and the
BLAS/LAPACK shared objects mapped into the JVM.
"""

import argparse
import json
import os
import resource
import sys
import time

os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
# Spark already runs one task per core; a multi-threaded BLAS inside each task would
# oversubscribe them (Spark's linear-algebra guide advises one BLAS thread). The JVM inherits this.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

try:
    from pyspark.ml.evaluation import RegressionEvaluator
    from pyspark.ml.recommendation import ALS
    from pyspark.sql import SparkSession
    from pyspark.sql.types import FloatType, IntegerType, LongType, StructField, StructType
except ImportError:
    sys.exit("spark_als: needs pyspark: pip install pyspark")


def iteration_counts(text):
    try:
        counts = sorted({int(x) for x in text.split(",") if x.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of integers: {text!r}")
    if not counts or counts[0] < 1:
        raise argparse.ArgumentTypeError("--iters needs one or more counts >= 1")
    return counts


def options(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("train", help="training ratings: CSV user,item,rating or MovieLens *.data")
    p.add_argument("test", help="test ratings, same format as TRAIN")
    p.add_argument("--rank", type=int, required=True)
    p.add_argument("--reg", type=float, required=True, help="Spark regParam (ALS-WR scaled)")
    p.add_argument("--iters", type=iteration_counts, required=True,
                   help="comma-separated maxIter values, one fresh fit each, e.g. 1,2,3,5,10")
    p.add_argument("--cores", type=int, default=2, help="local[N] threads (default 2)")
    p.add_argument("--driver-memory", default="12g", help="JVM heap (default 12g)")
    p.add_argument("--warmup", action="store_true",
                   help="one untimed 1-iteration fit before the timed ones")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of lines")
    return p.parse_args(argv)


CSV_SCHEMA = StructType([
    StructField("user", IntegerType(), False),
    StructField("item", IntegerType(), False),
    StructField("rating", FloatType(), False),
])
UDATA_SCHEMA = StructType(CSV_SCHEMA.fields + [StructField("ts", LongType(), True)])


def load(spark, path):
    if path.endswith(".data"):
        frame = spark.read.csv(path, sep="\t", header=False, schema=UDATA_SCHEMA)
    else:
        frame = spark.read.csv(path, header=True, schema=CSV_SCHEMA)
    return frame.select("user", "item", "rating")


def jvm_pid(spark):
    """The gateway JVM's pid (spark-submit execs into java, so normally the Popen pid itself)."""
    pid = spark.sparkContext._gateway.proc.pid
    try:
        with open(f"/proc/{pid}/comm") as f:
            if f.read().strip() == "java":
                return pid
        with open(f"/proc/{pid}/task/{pid}/children") as f:  # a wrapper shell kept alive
            for child in f.read().split():
                with open(f"/proc/{child}/comm") as g:
                    if g.read().strip() == "java":
                        return int(child)
    except OSError:
        pass
    return pid


def vm_hwm_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0  # kB
    except OSError:
        pass
    return None


def scala_object(jvm, package, name):
    """A Scala `object` (its MODULE$ singleton) through py4j."""
    return getattr(getattr(jvm, package + "." + name + "$"), "MODULE$")


def linalg_backends(spark, pid):
    """What Spark's ML linear algebra resolved to, and which native library the JVM mapped.

    Spark's `nativeBLAS` / `nativeLAPACK` are JNIBLAS / JNILAPACK when libblas.so.3 and
    liblapack.so.3 load, and the pure-JVM Java* classes otherwise.
    """
    jvm = spark._jvm
    found = {}
    for key, getter in (
        ("blas", lambda: scala_object(jvm, "org.apache.spark.ml.linalg", "BLAS").nativeBLAS()),
        ("lapack", lambda: scala_object(jvm, "org.apache.spark.mllib.linalg",
                                        "LAPACK").nativeLAPACK()),
    ):
        try:
            found[key] = getter().getClass().getName().rsplit(".", 1)[-1]
        except Exception:  # noqa: BLE001 - py4j errors vary by version
            found[key] = "unknown"
    libs = set()
    try:
        with open(f"/proc/{pid}/maps") as f:
            for line in f:
                path = line.split()[-1]
                base = os.path.basename(path)
                if any(tag in base for tag in ("blas", "lapack")):
                    libs.add(os.path.realpath(path))
    except OSError:
        pass
    found["native_libs"] = sorted(libs)
    return found


def fit_and_score(train, test, args, iters):
    als = ALS(rank=args.rank, regParam=args.reg, maxIter=iters, seed=0,
              implicitPrefs=False, nonnegative=False, coldStartStrategy="drop",
              userCol="user", itemCol="item", ratingCol="rating")
    t0 = time.perf_counter()
    model = als.fit(train)
    fit_s = time.perf_counter() - t0
    rmse = RegressionEvaluator(metricName="rmse", labelCol="rating", predictionCol="prediction")
    test_rmse = rmse.evaluate(model.transform(test))
    train_rmse = rmse.evaluate(model.transform(train))
    return {"iters": iters, "fit_s": fit_s, "s_per_iter": fit_s / iters,
            "test_rmse": test_rmse, "train_rmse": train_rmse}


def main(argv=None):
    args = options(argv)
    spark = (SparkSession.builder
             .appName("mfsweep-spark-als")
             .master(f"local[{args.cores}]")
             .config("spark.driver.memory", args.driver_memory)
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", str(2 * args.cores))
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    say = (lambda *a, **k: None) if args.json else print

    t0 = time.perf_counter()
    train = load(spark, args.train).cache()
    test = load(spark, args.test).cache()
    n_train, n_test = train.count(), test.count()
    load_s = time.perf_counter() - t0
    say(f"spark-als load local[{args.cores}] train={n_train} test={n_test} load_s={load_s:.2f}",
        flush=True)

    if args.warmup:
        fit_and_score(train, test, args, 1)

    fits = []
    for k in args.iters:
        r = fit_and_score(train, test, args, k)
        fits.append(r)
        say(f"spark-als iters={k} fit_s={r['fit_s']:.2f} s_per_iter={r['s_per_iter']:.3f} "
            f"test_rmse={r['test_rmse']:.4f} train_rmse={r['train_rmse']:.4f}", flush=True)

    lo, hi = fits[0], fits[-1]
    marginal = ((hi["fit_s"] - lo["fit_s"]) / (hi["iters"] - lo["iters"])
                if hi["iters"] > lo["iters"] else None)

    pid = jvm_pid(spark)
    linalg = linalg_backends(spark, pid)
    jvm_peak = vm_hwm_mb(pid)
    spark_version = spark.version
    spark.stop()
    py_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # kB on Linux

    summary = {
        "tool": "spark-als",
        "spark_version": spark_version,
        "train": args.train, "test": args.test,
        "ratings": n_train + n_test, "train_ratings": n_train, "test_ratings": n_test,
        "cores": args.cores, "driver_memory": args.driver_memory,
        "rank": args.rank, "reg": args.reg, "reg_kind": "ALS-WR (scaled by rating count)",
        "warmup": args.warmup,
        "load_s": load_s,
        "fits": fits,
        "marginal_s_per_iter": marginal,
        "jvm_pid": pid,
        "jvm_peak_rss_mb": jvm_peak,
        "python_peak_rss_mb": py_peak,
        "blas": linalg["blas"], "lapack": linalg["lapack"],
        "native_linalg_libs": linalg["native_libs"],
        "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
    }
    if args.json:
        print(json.dumps(summary))
    else:
        fmt = lambda v, spec: "n/a" if v is None else format(v, spec)  # noqa: E731
        print(f"spark-als summary load_s={load_s:.2f} peak_rss_mb={fmt(jvm_peak, '.0f')} "
              f"python_peak_rss_mb={py_peak:.0f} marginal_s_per_iter={fmt(marginal, '.3f')} "
              f"ratings={n_train + n_test} rank={args.rank} reg={args.reg} cores={args.cores} "
              f"spark={spark_version} blas={linalg['blas']} lapack={linalg['lapack']} "
              f"native_libs={','.join(linalg['native_libs']) or 'none'}")


if __name__ == "__main__":
    main()
