#!/bin/sh
# bootstrap.sh - from a clean clone to a built schedlab, in one command.
#
#   ./bootstrap.sh             install what is missing, build in build/
#   ./bootstrap.sh showcase    ... then run the showcase scenario and chart it
#   ./bootstrap.sh check       ... then run the whole test suite (make check)
#   ./bootstrap.sh bench       ... then the benchmarks (make bench), with SimPy
#
# Missing build dependencies are installed from Debian's packages with
# apt-get (as root, or through sudo when it is available). Set
# SCHEDLAB_NO_INSTALL=1 to skip that step. Extra arguments for ./configure
# may be given in CONFIGURE_FLAGS.
set -eu
cd "$(dirname "$0")"

# gnuplot-nox draws the charts; parallel (GNU parallel) and python3 serve the tests.
PACKAGES="build-essential autoconf automake pkg-config libglib2.0-dev libcmocka-dev gnuplot-nox parallel python3 xz-utils"
# python3-simpy (SimPy 2.3) is the other side of make bench's whole-process row.
[ "${1:-}" != bench ] || PACKAGES="$PACKAGES python3-simpy"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ] && [ -z "${SCHEDLAB_NO_INSTALL:-}" ]; then
	echo "bootstrap: installing from Debian:$missing" >&2
	if [ "$(id -u)" -eq 0 ]; then
		SUDO=""
	elif command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "bootstrap: missing packages:$missing; run as root or install them" >&2
		exit 2
	fi
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -q
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -q --no-install-recommends $missing
fi

# Build out of the source tree, in build/ (the program is build/schedlab).
[ -x configure ] || ./autogen.sh
mkdir -p build
cd build
# shellcheck disable=SC2086
[ -f Makefile ] || ../configure ${CONFIGURE_FLAGS:-}
jobs=$(nproc 2>/dev/null || echo 2)
make -j"$jobs"

case "${1:-}" in
"") ;;
showcase)
	# ... and its charts, in build/showcase-plots/ (gantt.png and others)
	./schedlab run ../scenarios/showcase.ini --gantt --plot showcase-plots
	;;
check)
	make -j"$jobs" check
	;;
bench)
	# Debian's python3 has SimPy; another python3 first in PATH may not
	PYTHON=/usr/bin/python3 make bench
	;;
*)
	echo "bootstrap: unknown step '$1' (expected showcase, check or bench)" >&2
	exit 2
	;;
esac
