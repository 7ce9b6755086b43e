"""Print {path: values-as-Helm-parsed} for each values.yaml given, using Helm's
Go SDK (values_from_yaml: sigs.k8s.io/yaml into map[string]interface{})."""
import json
import sys

import helm_python as helm

out = {}
for path in sys.argv[1:]:
    try:
        out[path] = helm.values_from_yaml(open(path).read())
    except Exception as exc:  # noqa: BLE001 - reported to the Rust side
        out[path] = {"__error__": str(exc)}
json.dump(out, sys.stdout)
