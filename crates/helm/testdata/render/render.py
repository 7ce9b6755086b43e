"""Render each case directory given on the command line with Helm's Go SDK
(helm-python-sdk): the chart in <case>/chart with the user values of
<case>/values.yaml (when present). Prints {case_dir: {template_path: text}} as
JSON; a failed render maps to {"__error__": message}."""
import json
import os
import sys

import helm_python as helm
import yaml

out = {}
for case in sys.argv[1:]:
    values = {}
    path = os.path.join(case, "values.yaml")
    if os.path.exists(path):
        with open(path) as f:
            values = yaml.safe_load(f) or {}
    try:
        with helm.Chart.load(os.path.join(case, "chart")) as chart:
            out[case] = chart.render(values, name="release", namespace="default", is_install=True)
    except Exception as exc:  # noqa: BLE001 - reported to the Rust side
        out[case] = {"__error__": str(exc)}
json.dump(out, sys.stdout)
