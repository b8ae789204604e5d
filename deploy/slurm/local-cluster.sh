#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for trying and testing the job-array scripts: munged (as the munge user),
# slurmctld and slurmd as background daemons, with their configuration, state and logs under one directory.
#   deploy/slurm/local-cluster.sh start [DIR]   starts what is not running yet and prints the SLURM_CONF to export
#   deploy/slurm/local-cluster.sh stop [DIR]    stops only the daemons this script started (recorded in DIR/started)
# Needs root and Debian's slurm-wlm and munge (apt-get install slurm-wlm munge).
set -euo pipefail
cmd=${1:-}
dir=${2:-/tmp/seqbench-slurm}
conf="$dir/slurm.conf"

die() { echo "local-cluster: $*" >&2; exit 2; }

start() {
  [ "$(id -u)" = 0 ] || die "needs root (it starts slurmd and munged)"
  for b in munged slurmctld slurmd sinfo; do command -v "$b" >/dev/null || die "no $b: apt-get install slurm-wlm munge"; done
  mkdir -p "$dir/state" "$dir/spool" "$dir/log"
  : > "$dir/started.new"
  if ! pgrep -x munged >/dev/null; then
    [ -f /etc/munge/munge.key ] || { mungekey --create --keyfile /etc/munge/munge.key; chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key; }
    mkdir -p /run/munge && chown munge:munge /run/munge
    runuser -u munge -- munged
    sleep 1
    echo "munged $(pgrep -x munged | head -1)" >> "$dir/started.new"
  fi
  host=$(hostname -s)
  node=$(slurmd -C | head -1 | sed 's/ UpTime=.*//')
  cat > "$conf" <<CONF
ClusterName=seqbench
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
$node State=UNKNOWN
PartitionName=main Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$conf"
  if ! pgrep -x slurmctld >/dev/null; then
    slurmctld -f "$conf"
    for _ in $(seq 50); do [ -s "$dir/slurmctld.pid" ] && break; sleep 0.2; done
    echo "slurmctld $(cat "$dir/slurmctld.pid")" >> "$dir/started.new"
  fi
  if ! pgrep -x slurmd >/dev/null; then
    slurmd -f "$conf"
    for _ in $(seq 50); do [ -s "$dir/slurmd.pid" ] && break; sleep 0.2; done
    echo "slurmd $(cat "$dir/slurmd.pid")" >> "$dir/started.new"
  fi
  cat "$dir/started.new" >> "$dir/started"; rm -f "$dir/started.new"
  for _ in $(seq 60); do
    if sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
      echo "export SLURM_CONF=$conf"
      return 0
    fi
    scontrol update NodeName="$host" State=RESUME >/dev/null 2>&1 || true
    sleep 1
  done
  die "the node did not come up; see $dir/log"
}

# running, and not a zombie (exited, waiting for init to reap it, which here can take a while)
alive() {
  kill -0 "$1" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

stop() {
  [ -f "$dir/started" ] || { echo "local-cluster: nothing started from $dir"; return 0; }
  tac "$dir/started" | while read -r name pid; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      # wait for it to exit: a daemon still saving its state would write into a directory being removed
      for _ in $(seq 100); do alive "$pid" || break; sleep 0.1; done
      if alive "$pid"; then echo "local-cluster: $name ($pid) ignored SIGTERM for 10 s; killing it"; kill -9 "$pid"; fi
    fi
  done
  rm -f "$dir/started"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) die "usage: local-cluster.sh start|stop [DIR]" ;;
esac
