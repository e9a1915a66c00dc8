{{/* Names and labels of the admission webhook; defines only, renders nothing. */}}

{{- define "kubicle.webhook.fullname" -}}
{{- printf "%s-webhook" (include "kubicle.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "kubicle.webhook.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kubicle.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: webhook
{{- end }}

{{- define "kubicle.webhook.labels" -}}
helm.sh/chart: {{ include "kubicle.chart" . }}
{{ include "kubicle.webhook.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: kubicle
{{- end }}

{{- define "kubicle.webhook.secretName" -}}
{{- printf "%s-tls" (include "kubicle.webhook.fullname" .) }}
{{- end }}

{{- define "kubicle.webhook.image" -}}
{{- printf "%s:%s" .Values.webhook.image.repository (default .Chart.AppVersion .Values.webhook.image.tag) }}
{{- end }}

{{/* Who is Kubicle: the operator's service account unless set. */}}
{{- define "kubicle.webhook.kubicleUsers" -}}
{{- if .Values.webhook.kubicleUsers }}
{{- join "," .Values.webhook.kubicleUsers }}
{{- else }}
{{- printf "system:serviceaccount:%s:%s" .Release.Namespace (include "kubicle.serviceAccountName" .) }}
{{- end }}
{{- end }}

{{/* System namespaces and the release namespace are never seen; with watchNamespaces, only those are. */}}
{{- define "kubicle.webhook.namespaceSelector" -}}
namespaceSelector:
  matchExpressions:
    {{- if .Values.watchNamespaces }}
    - key: kubernetes.io/metadata.name
      operator: In
      values:
        {{- toYaml .Values.watchNamespaces | nindent 8 }}
    {{- end }}
    - key: kubernetes.io/metadata.name
      operator: NotIn
      values:
        - kube-system
        - kube-public
        - kube-node-lease
        - {{ .Release.Namespace }}
        {{- with .Values.webhook.excludeNamespaces }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
{{- end }}

{{/* Fields every webhook shares. $path is the server path. */}}
{{- define "kubicle.webhook.common" -}}
{{- $ctx := index . 0 }}
{{- $path := index . 1 }}
admissionReviewVersions: ["v1"]
sideEffects: None
timeoutSeconds: {{ $ctx.Values.webhook.timeoutSeconds }}
matchPolicy: Equivalent
clientConfig:
  service:
    name: {{ include "kubicle.webhook.fullname" $ctx }}
    namespace: {{ $ctx.Release.Namespace }}
    path: {{ $path }}
    port: 443
{{ include "kubicle.webhook.namespaceSelector" $ctx }}
{{- end }}
