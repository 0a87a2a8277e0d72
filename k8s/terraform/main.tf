# A regional GKE Standard cluster for kafkloud: VPC-native, Dataplane V2 (which enforces the
# NetworkPolicies of k8s/base), Workload Identity, one autoscaled node pool across three zones so
# the three Kafka brokers land in different zones, and an Artifact Registry repository for images.

locals {
  services = ["portal", "producer", "consumer", "seer"]
}

resource "google_project_service" "apis" {
  for_each = toset([
    "container.googleapis.com",
    "artifactregistry.googleapis.com",
    "compute.googleapis.com",
  ])

  service            = each.value
  disable_on_destroy = false
}

resource "google_artifact_registry_repository" "images" {
  location      = var.region
  repository_id = var.repository_id
  description   = "kafkloud container images (portal, producer, consumer, seer, streamer)."
  format        = "DOCKER"

  cleanup_policies {
    id     = "keep-recent"
    action = "KEEP"

    most_recent_versions {
      keep_count = 20
    }
  }

  depends_on = [google_project_service.apis]
}

resource "google_service_account" "nodes" {
  account_id   = "${var.cluster_name}-nodes"
  display_name = "kafkloud GKE nodes"
}

resource "google_project_iam_member" "nodes" {
  for_each = toset([
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/stackdriver.resourceMetadata.writer",
  ])

  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.nodes.email}"
}

resource "google_artifact_registry_repository_iam_member" "nodes_pull" {
  location   = google_artifact_registry_repository.images.location
  repository = google_artifact_registry_repository.images.name
  role       = "roles/artifactregistry.reader"
  member     = "serviceAccount:${google_service_account.nodes.email}"
}

resource "google_container_cluster" "kafkloud" {
  name     = var.cluster_name
  location = var.region

  # The default pool is replaced by the managed pool below.
  remove_default_node_pool = true
  initial_node_count       = 1

  release_channel {
    channel = var.release_channel
  }

  networking_mode   = "VPC_NATIVE"
  datapath_provider = "ADVANCED_DATAPATH"
  ip_allocation_policy {}

  workload_identity_config {
    workload_pool = "${var.project_id}.svc.id.goog"
  }

  addons_config {
    http_load_balancing {
      disabled = false
    }
    gce_persistent_disk_csi_driver_config {
      enabled = true
    }
  }

  deletion_protection = var.deletion_protection

  depends_on = [google_project_service.apis]
}

resource "google_container_node_pool" "general" {
  name     = "general"
  cluster  = google_container_cluster.kafkloud.id
  location = var.region

  initial_node_count = var.nodes_per_zone_min

  autoscaling {
    min_node_count = var.nodes_per_zone_min
    max_node_count = var.nodes_per_zone_max
  }

  management {
    auto_repair  = true
    auto_upgrade = true
  }

  # One node at a time, so a PodDisruptionBudget always has somewhere to go.
  upgrade_settings {
    max_surge       = 1
    max_unavailable = 0
  }

  node_config {
    machine_type    = var.machine_type
    disk_size_gb    = var.disk_size_gb
    disk_type       = "pd-balanced"
    spot            = var.spot
    service_account = google_service_account.nodes.email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]

    workload_metadata_config {
      mode = "GKE_METADATA"
    }

    shielded_instance_config {
      enable_secure_boot = true
    }

    labels = {
      "kafkloud.dev/pool" = "general"
    }
  }
}

# Google service accounts for the services' Kubernetes service accounts (k8s/overlays/gke). None
# needs a Google API today; grant roles to these accounts, never to the nodes, when one does.
resource "google_service_account" "workload" {
  for_each = toset(local.services)

  account_id   = "kafkloud-${each.value}"
  display_name = "kafkloud ${each.value} (Workload Identity)"
}

resource "google_service_account_iam_member" "workload_identity" {
  for_each = google_service_account.workload

  service_account_id = each.value.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${var.project_id}.svc.id.goog[kafkloud/${each.key}]"

  depends_on = [google_container_cluster.kafkloud]
}

resource "google_compute_global_address" "ingress" {
  name = "kafkloud-ip"
}
