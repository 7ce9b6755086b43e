{{- define "nc.t" -}}{{ .a.b }}{{- end -}}
