{{/* Names and labels shared by every object of the chart. */}}

{{- define "kubicle.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name, at most 63 characters (a DNS label). */}}
{{- define "kubicle.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "kubicle.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels: stable across upgrades, so never add version labels here. */}}
{{- define "kubicle.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kubicle.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "kubicle.labels" -}}
helm.sh/chart: {{ include "kubicle.chart" . }}
{{ include "kubicle.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: kubicle
{{- end }}

{{- define "kubicle.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kubicle.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "kubicle.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "kubicle.controlPlaneUrl" -}}
{{- default (printf "http://%s.%s.svc:%v" (include "kubicle.fullname" .) .Release.Namespace .Values.service.port) .Values.controlPlaneUrl }}
{{- end }}

{{/* The claim holding the SQLite store. */}}
{{- define "kubicle.storeClaimName" -}}
{{- default (printf "%s-store" (include "kubicle.fullname" .)) .Values.store.persistence.existingClaim }}
{{- end }}
