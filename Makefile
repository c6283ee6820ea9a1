# The whole set-up on a new machine: `make run` starts the program, `make test` runs every test (offscreen, plus
# one real window under Xvfb).
#
# Two parts, kept apart so that nothing in the checkout ever belongs to root:
# - `sudo make system-packages` (the only step that needs root): installs the Debian/Ubuntu packages of the shared
#   TECH-NOTES with apt-get.
# - `make run` / `make test` as oneself: check those packages (stop with the list and a non-zero exit when one is
#   missing), then create .venv, install the program into it and run. Run as real root (a CI container, no
#   sudo), they install the missing packages first. Under sudo they install the system packages and then stop
#   before creating .venv or *.egg-info, which would otherwise belong to root.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

# Qt offscreen + a Chinese font; Qt's xcb platform plugin for a real window on an X display.
RUN_PACKAGES := libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1 libdbus-1-3 fonts-wqy-microhei \
	libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0 \
	libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0
# Tests: PDF pages read back, and a real X server (Xvfb) for the one real-window test.
TEST_PACKAGES := poppler-utils xvfb xauth
SYSTEM_PACKAGES := $(RUN_PACKAGES) $(TEST_PACKAGES)

.PHONY: run test system-packages check-run-packages check-test-packages not-under-sudo bench clean

run: check-run-packages not-under-sudo $(VENV)/.installed
	$(PY) main.py

test: check-run-packages check-test-packages not-under-sudo $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

$(VENV)/bin/python:
	@if [ -e $(VENV) ] && [ ! -w $(VENV) ]; then \
	  echo "$(VENV) 属于其他用户（以前用 sudo 运行过 make？）。请删除后重试：sudo rm -rf $(VENV) *.egg-info"; \
	  exit 1; fi
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "需要 Python 3.11 或更新版本（$(PYTHON)）/ Python >= 3.11 is required"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "无法创建虚拟环境：Debian/Ubuntu 上请安装 python3-venv（sudo apt-get install python3-venv）"; exit 1; }

$(VENV)/.installed: setup.cfg pyproject.toml | $(VENV)/bin/python
	@if [ ! -w $(VENV) ] || { ls -d *.egg-info >/dev/null 2>&1 && [ ! -w "$$(ls -d *.egg-info | head -1)" ]; }; then \
	  echo "$(VENV) 或 *.egg-info 属于其他用户（以前用 sudo 运行过 make？）。请删除后重试：sudo rm -rf $(VENV) *.egg-info"; \
	  exit 1; fi
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install -e '.[test]'
	touch $@

# $(1): the packages; $(2): "install" to install them when we are root, "check" to only check.
# Missing and not root: print the list and the command, and stop (exit 1) before anything else runs.
define ensure_packages
	@missing=""; \
	if command -v dpkg-query >/dev/null 2>&1; then \
	  for p in $(1); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	  done; \
	  if [ -n "$$missing" ]; then \
	    if [ "$(2)" = install ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	      echo "安装系统软件包 / installing system packages:$$missing"; \
	      DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null \
	      || { echo "安装系统软件包失败 / apt-get failed:$$missing"; exit 1; }; \
	    else \
	      echo "缺少系统软件包 / missing system packages:$$missing"; \
	      echo "请先运行 / please run first:  sudo make system-packages"; \
	      echo "（或 / or: sudo apt-get install$$missing）"; \
	      exit 1; \
	    fi; \
	  fi; \
	else \
	  echo "非 Debian/Ubuntu 系统：请自行确认已安装 Qt 运行库、xcb 库和中文字体 / not Debian: make sure these (or your system's equivalents) are present: $(1)"; \
	fi
endef

ROOT_INSTALLS := $(if $(filter 0,$(shell id -u)),install,check)

system-packages:
	$(call ensure_packages,$(SYSTEM_PACKAGES),install)

check-run-packages:
	$(call ensure_packages,$(RUN_PACKAGES),$(ROOT_INSTALLS))

check-test-packages:
	$(call ensure_packages,$(TEST_PACKAGES),$(ROOT_INSTALLS))

# Under sudo, stop before .venv and *.egg-info are made: they would belong to root and break `make` as oneself.
not-under-sudo:
	@if [ "$$(id -u)" = 0 ] && [ -n "$$SUDO_USER" ] && [ "$$SUDO_USER" != root ]; then \
	  echo "系统软件包已就绪。请不要用 sudo 运行 make run / make test：请以您自己的身份（$$SUDO_USER）再运行一次。"; \
	  echo "System packages are ready; run make again without sudo."; \
	  exit 1; fi

bench: $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(PY) bench/members.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
