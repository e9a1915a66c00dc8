# Outputs of a successful build. Kubicle copies the non-sensitive ones into
# the Workspace's status.outputs; sensitive ones stay in the state Secret.

output "pod_name" {
  description = "The workspace pod; null while the workspace is stopped."
  value       = one(kubernetes_pod_v1.workspace[*].metadata[0].name)
}

output "pvc_name" {
  description = "The home volume; kept while the workspace is stopped."
  value       = kubernetes_persistent_volume_claim_v1.home.metadata[0].name
}

# An example of a sensitive output: it never appears in Workspace status.
output "pod_uid" {
  description = "The workspace pod's UID (sensitive only to show that such outputs stay in the state)."
  value       = one(kubernetes_pod_v1.workspace[*].metadata[0].uid)
  sensitive   = true
}
