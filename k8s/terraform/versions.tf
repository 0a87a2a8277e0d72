terraform {
  required_version = ">= 1.6"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
  }

  # Keep state in a bucket for anything shared:
  #   terraform init -backend-config="bucket=<project>-tfstate" -backend-config="prefix=kafkloud"
  backend "gcs" {}
}

provider "google" {
  project = var.project_id
  region  = var.region
}
