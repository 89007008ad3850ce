import { readFileSync } from 'node:fs';

// What /proc says about a process: the figures a benchmark trusts more than requests/s, since they
// do not depend on how fast the load generator is. Clock ticks are 1/100 s on Linux.
const microsPerTick = 10_000;

/** The fields of /proc/<pid>/stat after "pid (comm) ": state is [0], utime [11], stime [12], cutime [13], cstime [14]. */
export function statFields(text) {
  return text.slice(text.lastIndexOf(') ') + 2).trim().split(' ');
}

/** CPU time (user + system) `pid` has used so far, in microseconds; null when it is gone or /proc is missing. */
export function cpuMicrosOf(pid) {
  try {
    const fields = statFields(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return (Number(fields[11]) + Number(fields[12])) * microsPerTick;
  } catch {
    return null;
  }
}

/** CPU time of the children a process has waited for, from a /proc/<pid>/stat text, in microseconds. */
export function childCpuMicrosOf(statText) {
  const fields = statFields(statText);
  return (Number(fields[13]) + Number(fields[14])) * microsPerTick;
}

/** Resident memory of `pid` in bytes; null when it is gone. */
export function rssBytesOf(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line === undefined ? null : Number(line.split(/\s+/)[1]) * 1024;
  } catch {
    return null;
  }
}

/** Samples the peak resident memory of `pid` every `everyMs` until `stop()`, which answers it in bytes. */
export function watchPeakRss(pid, everyMs = 200) {
  let peak = rssBytesOf(pid) ?? 0;
  const timer = setInterval(() => (peak = Math.max(peak, rssBytesOf(pid) ?? 0)), everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssBytesOf(pid) ?? 0);
    },
  };
}
