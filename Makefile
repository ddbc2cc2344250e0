# The two commands of the quick start are `make run` and `make test`; each installs what is
# missing (scripts/setup), configures and builds first. Everything else here is for developers.
SHELL := /bin/bash
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all setup configure build run test bench format lint clean

all: build

setup:
	@scripts/setup

configure: setup
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS) > /dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# The demo (scripts/demo): the Xero emulator with its demo organisations, xerosync connected to it
# through OAuth, demo documents imported and synced (some hit the usual errors and are explained),
# two fixes applied, synced again. The data stays in $(BUILD_DIR)/demo.
run: build
	@scripts/demo --serve $(BUILD_DIR)

# Runs every test; then shows the figures tests print (spec examples checked, property cases) and
# ctest's summary line again, last.
test: build
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) | tee $(BUILD_DIR)/ctest.log; \
	  status=$${PIPESTATUS[0]}; \
	  echo "== figures from this run"; \
	  log=$(BUILD_DIR)/Testing/Temporary/LastTest.log; \
	  grep -hoE "Checked [0-9]+ spec examples[^:]*" $$log || true; \
	  grep -hoE "\[property\] [^:]+: [0-9]+ cases" $$log | \
	    awk '{n += $$(NF-1)} END {if (n) print "Money property tests: " n " random cases checked against a wide-integer reference"}'; \
	  grep -E "tests passed|tests failed" $(BUILD_DIR)/ctest.log | tail -n 1; \
	  exit $$status

bench: build
	@$(BUILD_DIR)/src/core/core_benchmark --benchmark_min_time=0.5
	@$(BUILD_DIR)/src/xero/xero_benchmark --benchmark_min_time=0.5
	@$(BUILD_DIR)/src/http/http_benchmark --benchmark_min_time=0.5
	@$(BUILD_DIR)/src/emulator/emulator_benchmark --benchmark_min_time=0.5
	@$(BUILD_DIR)/src/store/store_benchmark --benchmark_min_time=0.5
	@$(BUILD_DIR)/bench/sync_bench --pending 0
	@$(BUILD_DIR)/bench/sync_bench --invoices 0

format:
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

lint: configure
	@git ls-files 'src/*.cc' 'tests/*.cc' | grep -v '_benchmark.cc' | \
	  xargs -P $(JOBS) -n 4 clang-tidy -p $(BUILD_DIR) --quiet --warnings-as-errors='*' 2>&1 | \
	  grep -vE "^[0-9]+ warnings( and [0-9]+ errors)? generated|^Suppressed|^Use -header-filter"; \
	  exit $${PIPESTATUS[2]}

clean:
	@rm -rf $(BUILD_DIR)
