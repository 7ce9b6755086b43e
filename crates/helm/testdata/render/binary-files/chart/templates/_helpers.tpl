{{- define "binaryfiles.b64" }}{{ . | b64enc }}{{ end }}
