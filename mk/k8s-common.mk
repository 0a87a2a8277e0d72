# Shared by deploy.mk (the whole stack) and component.mk (one component): where things are, which
# overlay, registry and tag, and how kubectl is called. Every variable can be set on the command
# line, e.g. `make apply-k8s ENV=gke REGISTRY=europe-west1-docker.pkg.dev/my-project/kafkloud`.

KAFKLOUD_ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)

ENV ?= minikube
NAMESPACE ?= kafkloud
KUBECTL ?= kubectl
DOCKER ?= docker
MINIKUBE ?= minikube
# A version per commit; `latest` is refused by the staging script.
TAG ?= $(shell git -C $(KAFKLOUD_ROOT) rev-parse --short=12 HEAD 2>/dev/null || echo dev)
# minikube and dev load images under this name; gke and prod need a real registry.
REGISTRY ?= kafkloud
# Empty means kubectl's current context; minikube's overlay talks to the minikube profile.
KUBE_CONTEXT ?= $(if $(filter minikube,$(ENV)),minikube,)

KUBECTL_CTX = $(KUBECTL)$(if $(KUBE_CONTEXT), --context $(KUBE_CONTEXT))
K = $(KUBECTL_CTX) -n $(NAMESPACE)
K8S_STAGE = $(KAFKLOUD_ROOT)/.data/deploy/$(ENV)
K8S_STAGE_CMD = $(KAFKLOUD_ROOT)/k8s/scripts/stage-overlay.sh $(ENV) $(REGISTRY) $(TAG) $(K8S_STAGE)
COMPOSE = $(DOCKER) compose -f $(KAFKLOUD_ROOT)/compose.yaml

# Refuse to tear down shared environments without CONFIRM=yes.
K8S_DELETE_GUARD = $(if $(filter prod gke,$(ENV)),$(if $(filter yes,$(CONFIRM)),,$(error delete-k8s on ENV=$(ENV) deletes its data volumes; run again with CONFIRM=yes)))
# gke and prod pull from a registry, never from the local name.
K8S_REGISTRY_GUARD = $(if $(filter prod gke,$(ENV)),$(if $(filter kafkloud,$(REGISTRY)),$(error ENV=$(ENV) needs REGISTRY=<region>-docker.pkg.dev/<project>/kafkloud (terraform output registry))))

# image-ref NAME -> REGISTRY/NAME:TAG
image-ref = $(REGISTRY)/$(1):$(TAG)
# build-image-cmd NAME -> docker build of NAME/Dockerfile with the repository root as context
build-image-cmd = $(DOCKER) build -f $(KAFKLOUD_ROOT)/$(1)/Dockerfile -t $(call image-ref,$(1)) $(KAFKLOUD_ROOT)
# push-image-cmd NAME -> into minikube's image store for ENV=minikube, else to the registry
push-image-cmd = $(if $(filter minikube,$(ENV)),$(MINIKUBE) image load $(call image-ref,$(1)),$(DOCKER) push $(call image-ref,$(1)))

# The composite targets, the same for the stack and for one component: each runs the earlier
# steps through $(MAKE), so `make -n` shows the whole sequence and ENV/REGISTRY/TAG carry over.
.PHONY: recreate-k8s run-new-image push-new-image apply-new-k8s recreate-new-k8s attach-new-k8s

recreate-k8s:
	$(MAKE) delete-k8s
	$(MAKE) apply-k8s

run-new-image:
	$(MAKE) build-image
	$(MAKE) run-image

push-new-image:
	$(MAKE) build-image
	$(MAKE) push-image

apply-new-k8s:
	$(MAKE) build-image
	$(MAKE) push-image
	$(MAKE) apply-k8s

recreate-new-k8s:
	$(MAKE) build-image
	$(MAKE) push-image
	$(MAKE) recreate-k8s

attach-new-k8s:
	$(MAKE) apply-new-k8s
	$(MAKE) attach-k8s

define newline


endef
