# The two commands: `make test` (install what is missing, build, run every suite) and
# `make demo` (the scripted tour against the sandbox, or real Asana with ASANA_TOKEN).
SHELL := /bin/bash
export PATH := $(CURDIR)/tests/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export DENO_NO_UPDATE_CHECK := 1

WASM := pkg/wasm/asana_agent_connector_bg.wasm
SOURCES := Cargo.toml $(shell find src -name '*.rs')

.PHONY: tools build test test-catalog test-rust test-sandbox test-node test-deno test-workerd test-browser test-types test-agent test-www test-load test-pack size bench demo clean

tools:
	@.ci/install-tools

build: tools $(WASM)

# wasm-pack drops a catch-all .gitignore into its output, which would also keep the fetch snippet
# out of `npm pack`; the repository's own .gitignore already ignores pkg/wasm.
# Paths in panic locations are written relative, so the .wasm is the same (and as small) in any
# checkout, whatever its folder.
$(WASM): $(SOURCES)
	RUSTFLAGS="--remap-path-prefix=$(CURDIR)=. --remap-path-prefix=$(HOME)=~" wasm-pack build --mode no-install --release --target web --out-dir pkg/wasm --out-name asana_agent_connector --no-pack
	rm -f pkg/wasm/.gitignore

test: build test-catalog test-rust test-sandbox test-types test-node test-deno test-workerd test-browser test-agent test-www test-load test-pack size

# The committed catalogue, types and data are what the vendored spec gives (regenerate: node tools/gen-catalog).
test-catalog:
	node tools/gen-catalog --check

test-rust:
	cargo test --quiet --tests -- --nocapture

test-sandbox:
	node --test tests/sandbox/

test-node:
	node --test tests/js/node.test.mjs

# The package by path has its types (`deno check`, via browser.js's @ts-self-types). Then
# Deno gets only the permissions it needs: the sandbox's address, the package's files and the
# scenario modules (the hostile set runs each scenario in a Worker loaded from js/).
test-deno:
	cd tests && ./node_modules/.bin/deno check deno/by-path.ts
	cd tests && node js/with-sandbox.mjs -- ./node_modules/.bin/deno test --allow-net=127.0.0.1:{port} --allow-env=SANDBOX_URL --allow-read=../pkg,js js/deno.test.mjs

test-workerd:
	node --test tests/js/workerd.test.mjs tests/js/workerd-global.test.mjs

test-browser:
	node --test tests/js/browser.test.mjs

# index.d.ts as a TypeScript user meets it, under both module resolutions (typos must not compile),
# the README's framework snippets against the real ai and @langchain/core types, and its whole-API
# examples exactly as written there.
test-types:
	cd tests && ./node_modules/.bin/tsc -p types/tsconfig.json && ./node_modules/.bin/tsc -p types/tsconfig.bundler.json && ./node_modules/.bin/tsc -p types/tsconfig.frameworks.json
	cd tests && node types/readme-examples.mjs && ./node_modules/.bin/tsc -p types/tsconfig.readme.json
	@echo "types: 4 passed, 0 failed (tsc nodenext, bundler, frameworks and the README's whole-API examples)"

test-agent:
	node --test tests/agent/

test-www:
	node --test tests/www/

test-load:
	node --test tests/load/

test-pack:
	node --test tests/pack/

size:
	node tests/size.mjs

# Measurements, not tests: size, cold start, per-call overhead, memory, paging, throughput,
# side by side with raw fetch and the official asana client; writes BENCHMARKS.md.
bench: build
	node tests/bench/run.mjs

# The main job: the scripted tour (against the sandbox, or real Asana with ASANA_TOKEN), then the
# browser demo and the sandbox on one local origin until Ctrl-C.
demo: build
	node www/tour.mjs
	node www/serve.mjs

clean:
	rm -rf pkg/wasm target
