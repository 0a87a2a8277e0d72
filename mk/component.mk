# Image and Kubernetes targets for one component. A component's Makefile includes this file and
# that is all, e.g. producer/Makefile:
#
#   include ../mk/component.mk
#
# The component is the including Makefile's folder (or COMPONENT=...); what it owns in k8s comes
# from the table below. The component's own update-local, build-local and run-local stay in its
# Makefile. Settings, each overridable:
#   K8S_APPS      app.kubernetes.io/name values this component owns in k8s (default: COMPONENT)
#   K8S_WORKLOAD  what rollout status waits for (default: deployment/COMPONENT; empty for none)
#   K8S_JOBS      Jobs re-created on apply (e.g. consumer-migrate consumer-replay)
#   K8S_WAIT_JOBS Jobs apply waits for (default: K8S_JOBS)
#   K8S_SERVICE   Service that attach-k8s forwards (default: COMPONENT), on K8S_PORT
#
# Targets: build-image run-image push-image apply-k8s query-k8s delete-k8s attach-k8s
# recreate-k8s, and run-new-image push-new-image apply-new-k8s recreate-new-k8s attach-new-k8s.

# Including this file must not change the including Makefile's default goal.
component_saved_goal := $(.DEFAULT_GOAL)

include $(dir $(lastword $(MAKEFILE_LIST)))k8s-common.mk

COMPONENT ?= $(notdir $(patsubst %/,%,$(dir $(abspath $(firstword $(MAKEFILE_LIST))))))
ifeq ($(filter $(COMPONENT),portal producer consumer seer streamer),)
$(error component.mk: COMPONENT is '$(COMPONENT)', not one of portal producer consumer seer streamer)
endif

# The consumer owns its migration and replay Jobs; the streamer owns Kafka, its topics and kafka-ui.
ifeq ($(COMPONENT),consumer)
K8S_APPS ?= consumer consumer-migrate consumer-replay
K8S_JOBS ?= consumer-migrate consumer-replay
K8S_WAIT_JOBS ?= consumer-migrate
endif
ifeq ($(COMPONENT),streamer)
K8S_APPS ?= kafka topics-provision kafka-ui
K8S_WORKLOAD ?= statefulset/kafka
K8S_JOBS ?= topics-provision
K8S_SERVICE ?= kafka-ui
endif

component_ports := portal:3000 producer:8000 consumer:8072 seer:8030 streamer:8060
K8S_APPS ?= $(COMPONENT)
K8S_WORKLOAD ?= deployment/$(COMPONENT)
K8S_JOBS ?=
K8S_WAIT_JOBS ?= $(K8S_JOBS)
K8S_SERVICE ?= $(COMPONENT)
K8S_PORT ?= $(patsubst $(COMPONENT):%,%,$(filter $(COMPONENT):%,$(component_ports)))

component_comma := ,
component_empty :=
component_space := $(component_empty) $(component_empty)
K8S_SELECTOR = app.kubernetes.io/name in ($(subst $(component_space),$(component_comma),$(strip $(K8S_APPS))))

.PHONY: build-image push-image run-image apply-k8s query-k8s delete-k8s attach-k8s

build-image:
	$(call build-image-cmd,$(COMPONENT))

push-image:
	$(K8S_REGISTRY_GUARD)
	$(call push-image-cmd,$(COMPONENT))

# The component with what it needs (Kafka, topics, and its own stores) from compose.yaml.
run-image:
	REGISTRY=$(REGISTRY) TAG=$(TAG) $(COMPOSE) up --build $(if $(filter streamer,$(COMPONENT)),kafka topics kafka-ui,$(if $(filter consumer,$(COMPONENT)),migrate consumer,$(COMPONENT)))

# Applies only this component's objects from the whole overlay (kubectl apply --selector).
apply-k8s:
	$(K8S_REGISTRY_GUARD)
	$(K8S_STAGE_CMD)
	$(if $(K8S_JOBS),$(K) delete job $(K8S_JOBS) --ignore-not-found)
	$(KUBECTL_CTX) apply -k $(K8S_STAGE) --selector '$(K8S_SELECTOR)'
	$(if $(K8S_WAIT_JOBS),$(K) wait --for=condition=complete --timeout=600s $(addprefix job/,$(K8S_WAIT_JOBS)))
	$(if $(K8S_WORKLOAD),$(K) rollout status --timeout=600s $(K8S_WORKLOAD))

query-k8s:
	$(K) get all,hpa,pdb,pvc --selector '$(K8S_SELECTOR)' -o wide

delete-k8s:
	$(K8S_DELETE_GUARD)
	$(K8S_STAGE_CMD)
	$(KUBECTL_CTX) delete -k $(K8S_STAGE) --selector '$(K8S_SELECTOR)' --ignore-not-found --wait=true

attach-k8s:
	$(K) port-forward svc/$(K8S_SERVICE) $(K8S_PORT):$(K8S_PORT)

.DEFAULT_GOAL := $(component_saved_goal)
