"""Times the Helm Go SDK (helm-python-sdk, libhelm_c.so loaded in-process)
rendering corpus charts with default values: load + render per iteration.

Usage: sdk_render.py RUNS CHART_DIR...
Prints one line per chart: `<chart_dir>\t<median ms>\t<peak RSS kB>`, where the
peak RSS is this process's ru_maxrss after that chart (it only grows, so
call once per chart for a per-chart figure, as corpus_render does).
"""

import resource
import statistics
import sys
import time

import helm_python as helm


def render_once(path):
    # A chart whose defaults fail (external-dns's schema) is timed failing,
    # as ours is.
    try:
        with helm.Chart.load(path) as chart:
            return chart.render(
                {}, name="release-name", namespace="default", is_install=True
            )
    except Exception:  # noqa: BLE001 - the SDK raises its own error types
        return None


def main():
    runs = int(sys.argv[1])
    for path in sys.argv[2:]:
        render_once(path)  # warm-up: library load, Go runtime start
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            render_once(path)
            times.append((time.perf_counter() - started) * 1000.0)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"{path}\t{statistics.median(times):.3f}\t{rss}", flush=True)


if __name__ == "__main__":
    main()
