{{/*
Expand the name of the chart.
*/}}
{{- define "push-gateway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
*/}}
{{- define "push-gateway.fullname" -}}
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

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "push-gateway.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels
*/}}
{{- define "push-gateway.labels" -}}
helm.sh/chart: {{ include "push-gateway.chart" . }}
{{ include "push-gateway.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels
*/}}
{{- define "push-gateway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "push-gateway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Create the name of the service account to use
*/}}
{{- define "push-gateway.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "push-gateway.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Name of the ConfigMap holding the gateway's plain settings (read with envFrom).
*/}}
{{- define "push-gateway.configName" -}}
{{- printf "%s-config" (include "push-gateway.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Name of the ConfigMap holding the YAML route files.
*/}}
{{- define "push-gateway.routesName" -}}
{{- printf "%s-routes" (include "push-gateway.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Name of the Secret holding broker password and FCM credentials: the one you bring
(existingSecret), or the one this chart makes.
*/}}
{{- define "push-gateway.secretName" -}}
{{- default (include "push-gateway.fullname" .) .Values.existingSecret }}
{{- end }}

{{/*
Folder the routes ConfigMap is mounted at. The gateway loads its routes from here
(PUSH_ROUTES_LOCATION), instead of the copy inside the jar.
*/}}
{{- define "push-gateway.routesPath" -}}
/etc/push-gateway/routes
{{- end }}

{{/*
Where the FCM service-account JSON is mounted (read-only), and PUSH_FCM_CREDENTIALS points.
*/}}
{{- define "push-gateway.serviceAccountFile" -}}
/var/run/secrets/push-gateway/service-account.json
{{- end }}

{{/*
"true" when the pod needs the service-account file: provider fcm without Application Default
Credentials (the provider is always named, so credentials given for another provider are neither
mounted nor used).
*/}}
{{- define "push-gateway.mountsServiceAccount" -}}
{{- if and (eq .Values.provider "fcm") (not .Values.fcm.applicationDefaultCredentials) }}true{{ end }}
{{- end }}

{{/*
"true" when the pod reads the legacy API key: provider gcm.
*/}}
{{- define "push-gateway.readsGcmApiKey" -}}
{{- if eq .Values.provider "gcm" }}true{{ end }}
{{- end }}

{{/*
"true" when the pod reads the broker password: an existing Secret always holds it; the chart's
Secret only when broker.password is set (else Spring Boot's default applies).
*/}}
{{- define "push-gateway.readsBrokerPassword" -}}
{{- if or .Values.existingSecret .Values.broker.password }}true{{ end }}
{{- end }}

{{/*
The intake queue KEDA watches: keda.queueName, else the gateway's intake queue
(extraConfig.PUSH_TOPOLOGY_INTAKE_QUEUE when renamed there, else the contract's push.requests).
*/}}
{{- define "push-gateway.intakeQueue" -}}
{{- .Values.keda.queueName | default (get .Values.extraConfig "PUSH_TOPOLOGY_INTAKE_QUEUE") | default "push.requests" }}
{{- end }}

{{/*
AMQP URI of the broker, for KEDA's rabbitmq scaler. User, password and virtual host are
percent-encoded (urlquery writes a space as "+", which a URI's user info would keep as a plus).
*/}}
{{- define "push-gateway.amqpUri" -}}
{{- $b := .Values.broker -}}
{{- $user := urlquery $b.username | replace "+" "%20" -}}
{{- $password := urlquery $b.password | replace "+" "%20" -}}
{{- printf "%s://%s:%s@%s:%v/%s" (ternary "amqps" "amqp" $b.ssl) $user $password $b.host $b.port (urlquery $b.virtualHost) }}
{{- end }}

{{/*
The container's env entries: secrets by secretKeyRef (only those the provider needs), the
service-account file's path, then extraEnv. Empty when there are none.
*/}}
{{- define "push-gateway.env" -}}
{{- $secretName := include "push-gateway.secretName" . }}
{{- if include "push-gateway.readsBrokerPassword" . }}
- name: SPRING_RABBITMQ_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secretName }}
      key: {{ .Values.secretKeys.brokerPassword }}
{{- end }}
{{- if include "push-gateway.readsGcmApiKey" . }}
- name: PUSH_GCM_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secretName }}
      key: {{ .Values.secretKeys.gcmApiKey }}
{{- end }}
{{- if include "push-gateway.mountsServiceAccount" . }}
- name: PUSH_FCM_CREDENTIALS
  value: {{ include "push-gateway.serviceAccountFile" . }}
{{- end }}
{{- range .Values.fcm.projects }}
- name: PUSH_FCM_PROJECTS_{{ upper .name }}_CREDENTIALS
  value: {{ include "push-gateway.projectCredentialsDir" . }}/service-account.json
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Secret of one further Firebase project (an entry of fcm.projects, passed as .project with the
root as .root): its existingSecret, else the chart's own <fullname>-fcm-<name>.
*/}}
{{- define "push-gateway.projectSecretName" -}}
{{- if .project.existingSecret }}
{{- .project.existingSecret }}
{{- else }}
{{- printf "%s-fcm-%s" (include "push-gateway.fullname" .root) .project.name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/*
Key of a further project's service-account JSON inside its Secret.
*/}}
{{- define "push-gateway.projectSecretKey" -}}
{{- if .existingSecret }}{{ .existingSecretKey | default "service-account.json" }}{{ else }}service-account.json{{ end }}
{{- end }}

{{/*
Folder a further project's service-account file is mounted in (one folder per project), and
PUSH_FCM_PROJECTS_<NAME>_CREDENTIALS points at service-account.json inside it.
*/}}
{{- define "push-gateway.projectCredentialsDir" -}}
/var/run/secrets/push-gateway/projects/{{ .name }}
{{- end }}

{{/*
Label matchers of the gateway's own series in alert rules: metrics.prometheusRule.gatewaySelector,
else the job and namespace the chart's ServiceMonitor gives them (the Operator names the job after
the Service).
*/}}
{{- define "push-gateway.alertSelector" -}}
{{- .Values.metrics.prometheusRule.gatewaySelector | default (printf "job=%q, namespace=%q" (include "push-gateway.fullname" .) .Release.Namespace) }}
{{- end }}

{{/*
Label matchers of the gateway's pods in kube-state-metrics' series: the Deployment's pods are
<fullname>-<replicaset hash>-<5 characters>, which leaves out the helm test pod.
*/}}
{{- define "push-gateway.alertPods" -}}
{{- printf "namespace=%q, pod=~\"%s-[a-z0-9]+-[a-z0-9]{5}\"" .Release.Namespace (include "push-gateway.fullname" .) }}
{{- end }}
