{{- define "mi.fill" -}}
{{- $_ := set . "added" "yes" -}}
{{- $_ := unset . "gone" -}}
{{- $_ := merge . (dict "merged" "m" "kept" "not-this") -}}
{{- $_ := mergeOverwrite .nested (dict "inner" "over") -}}
{{- end -}}
