# The README's two commands. Everything else is meson.
#   make run    install build dependencies, build, start the app
#   make check  install build and test dependencies, build, run every test suite
#   make flatpak  build the Flatpak and install it for this user (needs Flathub)

BUILD      ?= build
MESON_ARGS ?=
FUZZ_SECONDS ?= 60

.PHONY: run check deps build flatpak

deps:
	@sh .ci/install-deps

build: deps
	@if [ ! -f $(BUILD)/build.ninja ]; then meson setup $(BUILD) $(MESON_ARGS); fi
	meson compile -C $(BUILD)

run: build
	GSETTINGS_SCHEMA_DIR=$(BUILD)/data BOUNCE_DOCTOR_LOCALEDIR=$(BUILD)/po ./$(BUILD)/app/bounce-doctor

check: deps
	sh .ci/check "$(BUILD)" "$(FUZZ_SECONDS)" $(MESON_ARGS)

flatpak:
	flatpak-builder --user --install --force-clean --install-deps-from=flathub \
	  $(BUILD)-flatpak flatpak/io.github.bouncedoctor.BounceDoctor.json
