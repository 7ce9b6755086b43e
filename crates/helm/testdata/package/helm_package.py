"""Package a chart directory with Helm's Go SDK (`helm package`), or load an
archive and describe it.

Usage: helm_package.py package <chart_dir> <out_dir>   -> prints the archive path
       helm_package.py load <archive.tgz>               -> prints name, version, templates
"""
import json
import sys

import helm_python as helm

if sys.argv[1] == "package":
    print(helm.package(sys.argv[2], destination=sys.argv[3]))
else:
    with helm.Chart.load_archive(open(sys.argv[2], "rb").read()) as c:
        json.dump({"name": c.name, "version": c.version, "metadata": c.metadata,
                   "templates": [t["name"] for t in c.templates],
                   "files": [f["name"] for f in c.files],
                   "values": c.values}, sys.stdout)
