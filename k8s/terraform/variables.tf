variable "project_id" {
  description = "Google Cloud project that holds the cluster and the Artifact Registry repository."
  type        = string
}

variable "region" {
  description = "Region of the (regional) cluster and of the Artifact Registry repository."
  type        = string
  default     = "europe-west1"
}

variable "cluster_name" {
  description = "Name of the GKE cluster."
  type        = string
  default     = "kafkloud"
}

variable "release_channel" {
  description = "GKE release channel: RAPID, REGULAR or STABLE."
  type        = string
  default     = "REGULAR"

  validation {
    condition     = contains(["RAPID", "REGULAR", "STABLE"], var.release_channel)
    error_message = "release_channel must be RAPID, REGULAR or STABLE."
  }
}

variable "machine_type" {
  description = "Machine type of the node pool. Three Kafka brokers with 1.5 GiB each plus the services fit on e2-standard-4."
  type        = string
  default     = "e2-standard-4"
}

variable "nodes_per_zone_min" {
  description = "Minimum nodes per zone of the autoscaled node pool. A regional cluster spans three zones, so 1 gives the three nodes that Kafka's anti-affinity needs."
  type        = number
  default     = 1
}

variable "nodes_per_zone_max" {
  description = "Maximum nodes per zone of the autoscaled node pool."
  type        = number
  default     = 3
}

variable "disk_size_gb" {
  description = "Boot disk size of each node, in GB."
  type        = number
  default     = 50
}

variable "spot" {
  description = "Run the node pool on Spot VMs (cheaper, preemptible; not for production Kafka)."
  type        = bool
  default     = false
}

variable "repository_id" {
  description = "Artifact Registry Docker repository for the kafkloud images; REGISTRY is <region>-docker.pkg.dev/<project_id>/<repository_id>."
  type        = string
  default     = "kafkloud"
}

variable "deletion_protection" {
  description = "Refuse `terraform destroy` of the cluster until this is set to false."
  type        = bool
  default     = true
}
