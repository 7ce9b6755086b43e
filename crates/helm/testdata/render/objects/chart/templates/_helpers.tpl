{{- define "objects.labels" -}}
app: {{ .Values.labels.app }}
chart: {{ .Chart.Name }}-{{ .Chart.Version | replace "+" "_" }}
{{- end -}}
{{- define "objects.depth" -}}
{{- if gt (int .n) 0 -}}{{ .n }},{{ include "objects.depth" (dict "n" (sub (int .n) 1)) }}{{- end -}}
{{- end -}}
