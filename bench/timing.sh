# bench/timing.sh: sourced by the benchmark scripts' inner run.sh (they
# copy it next to it): wall times in microseconds, and how they print.

# wall time of a command, in microseconds
us() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(((e - s) / 1000)); }
# the median of the arguments
med() { printf '%s\n' "$@" | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'; }
# microseconds as milliseconds, one, or a list of them
ms() { awk -v u="$1" 'BEGIN { printf "%.0f", u / 1000 }'; }
list() { local x; for x in "$@"; do printf '%s ' "$(ms "$x")"; done; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
num() { printf "%'d" "$1"; }
