# The whole set-up on a new machine: `make run` starts the program, `make test` runs every test offscreen.
# Both create .venv when missing, install the program into it, and on Debian/Ubuntu as root install the missing
# system packages (shared TECH-NOTES); elsewhere they say exactly which are missing.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

SYSTEM_PACKAGES := libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1 libdbus-1-3 fonts-wqy-microhei
TEST_SYSTEM_PACKAGES := poppler-utils

.PHONY: run test system-packages system-packages-test bench clean

run: system-packages $(VENV)/.installed
	$(PY) main.py

test: system-packages system-packages-test $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: setup.cfg pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install -e '.[test]'
	touch $@

# Installs what is missing with apt-get when we are root on Debian/Ubuntu; otherwise lists what is missing.
define ensure_packages
	@missing=""; \
	if command -v dpkg-query >/dev/null 2>&1; then \
	  for p in $(1); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	  done; \
	  if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	      echo "安装系统软件包 / installing system packages:$$missing"; \
	      DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	    else \
	      echo "缺少系统软件包 / missing system packages:$$missing"; \
	      echo "请以 root 身份运行 / run as root: apt-get install$$missing"; \
	    fi; \
	  fi; \
	else \
	  echo "非 Debian/Ubuntu 系统：请自行确认已安装 Qt 运行库和中文字体 / not Debian: make sure Qt libraries and a CJK font ($(1)) are present"; \
	fi
endef

system-packages:
	$(call ensure_packages,$(SYSTEM_PACKAGES))

system-packages-test:
	$(call ensure_packages,$(TEST_SYSTEM_PACKAGES))

bench: $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(PY) bench/members.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
