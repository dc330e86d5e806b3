# Sourced by the consumer-build scripts: how they time a command and summarize runs.

# Seconds taken by a command (its output discarded).
timed() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }'
}

# The median of the numbers on standard input, one a line.
median() {
    sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
