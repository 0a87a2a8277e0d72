output "cluster_name" {
  description = "Name of the GKE cluster."
  value       = google_container_cluster.kafkloud.name
}

output "cluster_location" {
  description = "Region of the cluster, for `gcloud container clusters get-credentials`."
  value       = google_container_cluster.kafkloud.location
}

output "get_credentials" {
  description = "Command that points kubectl at the cluster."
  value       = "gcloud container clusters get-credentials ${google_container_cluster.kafkloud.name} --region ${google_container_cluster.kafkloud.location} --project ${var.project_id}"
}

output "registry" {
  description = "Image registry to pass as REGISTRY= to make build-image, push-image and apply-k8s."
  value       = "${google_artifact_registry_repository.images.location}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
}

output "ingress_ip" {
  description = "Reserved global address of the Ingress (kafkloud-ip); point the portal's and the API's DNS records at it."
  value       = google_compute_global_address.ingress.address
}

output "workload_service_accounts" {
  description = "Google service accounts bound through Workload Identity to each service's Kubernetes service account."
  value       = { for name, account in google_service_account.workload : name => account.email }
}
