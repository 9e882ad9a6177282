# The two commands: `make test` (install what is missing, build, run every suite) and
# `make demo` (the scripted tour against the sandbox, or real Asana with ASANA_TOKEN).
SHELL := /bin/bash
export PATH := $(CURDIR)/tests/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export DENO_NO_UPDATE_CHECK := 1

WASM := pkg/wasm/asana_agent_connector_bg.wasm
SOURCES := Cargo.toml $(shell find src -name '*.rs')

.PHONY: tools build test test-rust test-node test-deno test-workerd test-browser test-sandbox size demo clean

tools:
	@.ci/install-tools

build: tools $(WASM)

$(WASM): $(SOURCES)
	wasm-pack build --mode no-install --release --target web --out-dir pkg/wasm --out-name asana_agent_connector --no-pack

test: build test-rust test-sandbox test-node test-deno test-workerd test-browser size

test-rust:
	cargo test --quiet

test-sandbox:
	node --test tests/sandbox/

test-node:
	node --test tests/js/node.test.mjs

test-deno:
	node tests/js/with-sandbox.mjs deno test --quiet --allow-net=127.0.0.1 --allow-read=pkg,tests tests/js/deno.test.mjs

test-workerd:
	node --test tests/js/workerd.test.mjs

test-browser:
	node --test tests/js/browser.test.mjs

size:
	node tests/size.mjs

demo: build
	node www/tour.mjs

clean:
	rm -rf pkg/wasm target
