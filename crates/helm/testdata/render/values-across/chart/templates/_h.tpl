{{- define "va.read" -}}{{ .Values.image.tag }}{{- end -}}
