# A development workspace as one Pod with a persistent home volume.
#
# Start and stop are both `terraform apply`: on stop Kubicle sets
# kubicle_start_count to 0, so the Pod goes away and the home volume stays.
# Delete is `terraform destroy`, which removes the volume too.
#
# No backend block: Kubicle adds kubicle_override.tf.json, which keeps the
# state in a Secret in the workspace's namespace.

terraform {
  required_version = ">= 1.5"
  required_providers {
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.35"
    }
  }
}

# Empty on purpose: the runner Job runs in the workspace's namespace as the
# kubicle-runner service account, and the provider uses that in-cluster
# identity when no kubeconfig is given.
provider "kubernetes" {}

locals {
  name = "kubicle-${var.kubicle_workspace_name}"

  # The same identity label on everything a workspace owns, so its pieces can
  # be found and cleaned up. The owner is an annotation: user names may hold
  # characters a label value cannot.
  labels = {
    "app.kubernetes.io/name"       = "kubicle-workspace"
    "app.kubernetes.io/managed-by" = "kubicle"
    "kubicle.dev/workspace-uid"    = var.kubicle_workspace_uid
  }
  annotations = {
    "kubicle.dev/owner"            = var.kubicle_workspace_owner
    "kubicle.dev/workspace"        = var.kubicle_workspace_name
    "kubicle.dev/template-version" = var.kubicle_template_version
  }

  # Applies the dotfiles once (the home volume keeps them), then hands the
  # container over to the agent. A broken dotfiles repo must not stop the
  # workspace from starting, so its failure is only reported.
  start_script = <<-EOT
    if [ -n "$DOTFILES_REPO" ] && [ ! -d "$HOME/.dotfiles" ]; then
      if git clone --depth 1 "$DOTFILES_REPO" "$HOME/.dotfiles"; then
        if [ -x "$HOME/.dotfiles/install.sh" ]; then "$HOME/.dotfiles/install.sh" || true; fi
      else
        echo "kubicle: could not clone dotfiles from $DOTFILES_REPO" >&2
      fi
    fi
    ${var.kubicle_agent_init_command}
  EOT
}

# The home volume has no count: it outlives stop and start.
resource "kubernetes_persistent_volume_claim_v1" "home" {
  metadata {
    name        = "${local.name}-home"
    namespace   = var.kubicle_workspace_namespace
    labels      = local.labels
    annotations = local.annotations
  }

  # With a WaitForFirstConsumer storage class the claim binds only once a pod
  # uses it, and a stopped workspace has no pod.
  wait_until_bound = false

  spec {
    access_modes = ["ReadWriteOnce"]
    resources {
      requests = {
        storage = "${var.kubicle_param_home_disk_size}Gi"
      }
    }
  }
}

# The Pod exists only while the workspace is started.
resource "kubernetes_pod_v1" "workspace" {
  count = var.kubicle_start_count

  metadata {
    name        = local.name
    namespace   = var.kubicle_workspace_namespace
    labels      = local.labels
    annotations = local.annotations
  }

  spec {
    # The workspace talks to the control plane through its agent, never to
    # the Kubernetes API, so it gets no API token.
    automount_service_account_token = false
    enable_service_links            = false

    security_context {
      run_as_non_root = true
      run_as_user     = 1000
      run_as_group    = 1000
      fs_group        = 1000
      seccomp_profile {
        type = "RuntimeDefault"
      }
    }

    container {
      name    = "dev"
      image   = var.kubicle_param_image
      command = ["sh", "-c", local.start_script]

      env {
        name  = "HOME"
        value = "/home/coder"
      }
      # The token stays in its Secret (issued anew for every start), so it
      # never shows in the pod spec.
      env {
        name = "KUBICLE_AGENT_TOKEN"
        value_from {
          secret_key_ref {
            name = var.kubicle_agent_token_secret
            key  = "token"
          }
        }
      }
      env {
        name  = "KUBICLE_AGENT_URL"
        value = var.kubicle_control_plane_url
      }
      env {
        name  = "KUBICLE_AGENT_DIR"
        value = "/home/coder"
      }
      env {
        name  = "DOTFILES_REPO"
        value = var.kubicle_param_dotfiles_repo
      }

      # Requests stay small so many workspaces fit on a node; the parameters
      # set the ceiling.
      resources {
        requests = {
          cpu    = "250m"
          memory = "512Mi"
        }
        limits = {
          cpu    = tostring(var.kubicle_param_cpu)
          memory = "${var.kubicle_param_memory}Gi"
        }
      }

      # Hardened, but the root filesystem stays writable: a development
      # environment installs packages and writes caches.
      security_context {
        run_as_non_root            = true
        allow_privilege_escalation = false
        capabilities {
          drop = ["ALL"]
        }
      }

      volume_mount {
        name       = "home"
        mount_path = "/home/coder"
      }
      volume_mount {
        name       = "kubicle-agent"
        mount_path = "/opt/kubicle"
        read_only  = true
      }
    }

    # Brings the agent (with its own Java runtime, built by jlink) into the
    # workspace, so the workspace image needs no Java. See docs/agent.md.
    init_container {
      name    = "kubicle-agent"
      image   = var.kubicle_agent_image
      command = ["cp", "-a", "/opt/kubicle/.", "/target/"]
      security_context {
        run_as_non_root            = true
        allow_privilege_escalation = false
        read_only_root_filesystem  = true
        capabilities {
          drop = ["ALL"]
        }
      }
      volume_mount {
        name       = "kubicle-agent"
        mount_path = "/target"
      }
    }

    volume {
      name = "kubicle-agent"
      empty_dir {}
    }

    volume {
      name = "home"
      persistent_volume_claim {
        claim_name = kubernetes_persistent_volume_claim_v1.home.metadata[0].name
      }
    }
  }

  # Large development images can take minutes to pull.
  timeouts {
    create = "10m"
  }
}
