# kafkloud — the two commands a newcomer needs are `make run` and `make test`.
# Targets stay thin: they call npm scripts and the streamer's scripts (streamer/scripts/).

SHELL := bash
.DEFAULT_GOAL := help

.PHONY: help setup build run start stop status test bench chaos fuzz clean lint typecheck format

help:
	@echo "make run      set up and start everything locally, in the foreground (portal on :3000)"
	@echo "make test     lint, typecheck and run every test suite against real Kafka, Postgres, Chroma"
	@echo "make start    the same as run, in the background; make stop stops it"
	@echo "make bench    run the benchmarks and write docs/benchmarks.md"
	@echo "make fuzz     10,000 fuzz cases per endpoint of every service, security checks, DLQ"
	@echo "make chaos    inject faults into the full stack on 3 brokers; writes docs/reliability.md"
	@echo "make clean    stop everything and delete local data (.data/)"

setup:
	@[[ -d node_modules && node_modules/.package-lock.json -nt package-lock.json ]] || npm ci --no-audit --no-fund
	@./streamer/scripts/kafka-local.sh update-if-missing

build: setup
	npm run build

run:
	./streamer/scripts/stack.sh run

start:
	./streamer/scripts/stack.sh start

stop:
	./streamer/scripts/stack.sh stop

status:
	./streamer/scripts/stack.sh status

test: build
	./streamer/scripts/test.sh

bench: build
	./streamer/scripts/bench.sh

chaos: build
	npm run chaos -w @kafkloud/streamer

fuzz: build
	FUZZ_RUNS=10000 npm run test:system -w @kafkloud/streamer

lint:
	npm run lint

typecheck:
	npm run typecheck

format:
	npm run format

clean:
	-./streamer/scripts/stack.sh stop
	rm -rf .data

-include mk/deploy.mk
