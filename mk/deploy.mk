# Deploy targets for the whole stack; the root Makefile includes this file. Images, compose and
# Kubernetes (k8s/overlays/$(ENV)); docs/deploy.md walks through minikube and GKE from zero.
#
#   make build-image | push-image | run-image        all five images; compose up
#   make apply-k8s | query-k8s | attach-k8s | delete-k8s | recreate-k8s   ENV=minikube|dev|prod|gke
#   make apply-new-k8s ...                           build-image and push-image first
#
# -new- variants run every earlier step first: run-new-image, push-new-image, apply-new-k8s,
# recreate-new-k8s, attach-new-k8s.

include $(dir $(lastword $(MAKEFILE_LIST)))k8s-common.mk

DEPLOY_IMAGES := portal producer consumer seer streamer
# What attach-k8s forwards: service:local-port:service-port.
ATTACH_FORWARDS := portal:3000:3000 producer:8000:8000 consumer:8072:8072 seer:8030:8030 kafka-ui:8060:8060
K8S_SETUP_JOBS := topics-provision consumer-migrate
# Suspended until the disaster-recovery runbook starts it; re-created so its image follows TAG.
K8S_RUNBOOK_JOBS := consumer-replay
K8S_ROLLOUTS := statefulset/kafka statefulset/postgres statefulset/chroma deployment/kafka-ui \
	deployment/producer deployment/consumer deployment/seer deployment/portal

.PHONY: build-image push-image run-image stage-k8s apply-k8s query-k8s delete-k8s attach-k8s \
	validate-k8s

build-image:
	$(foreach image,$(DEPLOY_IMAGES),$(call build-image-cmd,$(image))$(newline))

push-image:
	$(K8S_REGISTRY_GUARD)
	$(foreach image,$(DEPLOY_IMAGES),$(call push-image-cmd,$(image))$(newline))

run-image:
	REGISTRY=$(REGISTRY) TAG=$(TAG) $(COMPOSE) up --build

stage-k8s:
	$(K8S_REGISTRY_GUARD)
	$(K8S_STAGE_CMD)

# Jobs are deleted first because a Job's template is immutable; both are idempotent. The services
# are rolled out only after the topics exist and the database schema is migrated.
apply-k8s: stage-k8s
	$(K) delete job $(K8S_SETUP_JOBS) $(K8S_RUNBOOK_JOBS) --ignore-not-found
	$(KUBECTL_CTX) apply -k $(K8S_STAGE)
	$(K) wait --for=condition=complete --timeout=600s $(addprefix job/,$(K8S_SETUP_JOBS))
	$(foreach workload,$(K8S_ROLLOUTS),$(K) rollout status --timeout=600s $(workload)$(newline))

query-k8s:
	$(K) get statefulsets,deployments,pods,services,ingresses,jobs,hpa,pdb,pvc -o wide

delete-k8s: stage-k8s
	$(K8S_DELETE_GUARD)
	$(KUBECTL_CTX) delete -k $(K8S_STAGE) --ignore-not-found --wait=true

# Port-forwards to every service and kafka-ui until Ctrl-C.
attach-k8s:
	@echo "portal http://localhost:3000  producer :8000  consumer :8072  seer :8030  kafka-ui http://localhost:8060"
	trap 'kill $$(jobs -p) 2>/dev/null' EXIT INT TERM; \
	$(foreach forward,$(ATTACH_FORWARDS),$(K) port-forward svc/$(word 1,$(subst :, ,$(forward))) $(word 2,$(subst :, ,$(forward))):$(word 3,$(subst :, ,$(forward))) & \
	)wait

validate-k8s:
	$(MAKE) -C $(KAFKLOUD_ROOT)/k8s validate
