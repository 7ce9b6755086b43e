"""Render each chart directory given on the command line with Helm's Go SDK
(helm-python-sdk) and print {chart_dir: {template_path: text}} as JSON; a chart
that fails to render maps to {"__error__": message}."""
import json
import sys

import helm_python as helm

out = {}
for chart_dir in sys.argv[1:]:
    try:
        with helm.Chart.load(chart_dir) as chart:
            out[chart_dir] = chart.render({}, name="release", namespace="default", is_install=True)
    except Exception as exc:  # noqa: BLE001 - reported to the Rust side
        out[chart_dir] = {"__error__": str(exc)}
json.dump(out, sys.stdout)
