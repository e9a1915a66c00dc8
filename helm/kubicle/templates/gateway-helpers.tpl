{{/* Names and labels of the WireGuard gateway; defines only, renders nothing. */}}

{{- define "kubicle.gateway.fullname" -}}
{{- printf "%s-gateway" (include "kubicle.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "kubicle.gateway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kubicle.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: gateway
{{- end }}

{{- define "kubicle.gateway.labels" -}}
helm.sh/chart: {{ include "kubicle.chart" . }}
{{ include "kubicle.gateway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: kubicle
{{- end }}

{{- define "kubicle.gateway.image" -}}
{{- printf "%s:%s" .Values.gateway.image.repository (default .Chart.AppVersion .Values.gateway.image.tag) }}
{{- end }}
