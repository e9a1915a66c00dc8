# Inputs of this template.
#
# Kubicle writes kubicle.auto.tfvars.json into every build with all of its
# documented variables; a template declares only those it uses (Terraform
# only warns about values for undeclared variables in auto tfvars files).
# None has a default here: Kubicle always sends them, and parameter defaults
# live in one place, the Template's spec.parameters.

variable "kubicle_workspace_name" {
  type        = string
  description = "Name of the Workspace resource."
}

variable "kubicle_workspace_namespace" {
  type        = string
  description = "Namespace of the Workspace; everything here is created in it."
}

variable "kubicle_workspace_owner" {
  type        = string
  description = "User who owns the workspace."
}

variable "kubicle_workspace_uid" {
  type        = string
  description = "UID of the Workspace resource: stable, unique, safe as a label value."
}

variable "kubicle_template_version" {
  type        = string
  description = "Content hash of the template version this build uses."
}

variable "kubicle_start_count" {
  type        = number
  description = "1 on start, 0 on stop and delete: the count of everything that only exists while running."
}

variable "kubicle_agent_token_secret" {
  type        = string
  description = "Secret (key \"token\") holding the agent token of this start."
}

variable "kubicle_agent_image" {
  type        = string
  description = "Image whose /opt/kubicle holds the self-contained agent."
}

variable "kubicle_control_plane_url" {
  type        = string
  description = "URL the agent dials."
}

variable "kubicle_agent_init_command" {
  type        = string
  description = "Shell script that fetches and starts the workspace agent."
}

# One variable per template parameter, named kubicle_param_<name>, typed as
# the parameter is. Validation (options, min/max, regex) happens in Kubicle
# before a build starts, so it is not repeated here.

variable "kubicle_param_image" {
  type        = string
  description = "Container image of the workspace."
}

variable "kubicle_param_cpu" {
  type        = number
  description = "CPU cores the workspace may use."
}

variable "kubicle_param_memory" {
  type        = number
  description = "Memory the workspace may use, in GiB."
}

variable "kubicle_param_home_disk_size" {
  type        = number
  description = "Size of the home volume, in GiB."
}

variable "kubicle_param_dotfiles_repo" {
  type        = string
  description = "Git URL of a dotfiles repository to clone on start; empty for none."
}
