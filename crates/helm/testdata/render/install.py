"""`helm template` through Helm's Go SDK: a client-only dry-run install (memory
storage, release `release-name` in `default`) of each `<chart>[|<values file>]`
given on the command line. Prints {arg: manifest} as JSON; a failed install maps
to {"__error__": message}. Hooks are not part of the manifest."""
import json
import sys

import helm_python as helm

cfg = helm.Config(storage_driver="memory", namespace="default")
out = {}
for arg in sys.argv[1:]:
    chart, _, values_file = arg.partition("|")
    try:
        values = helm.values_from_yaml(open(values_file).read()) if values_file else {}
        rel = cfg.install(chart, "release-name", values or {}, dry_run="client")
        out[arg] = rel.get("manifest", "")
    except Exception as exc:  # noqa: BLE001 - reported to the Rust side
        out[arg] = {"__error__": str(exc)}
json.dump(out, sys.stdout)
