#!/usr/bin/env node
// CPU time per operation of each Berth service while a workload runs: less noisy than throughput
// on a shared machine, and it says which process the time goes to.
//
//   node tools/bench/cpu-per-op.mjs <launcher-pid> <ops> -- <command…>
//
// <launcher-pid> is the pid of `node tools/dev/start.js`; every descendant is counted and labelled
// by service (dist/services/<name>/…), postgres or redis. <ops> divides the CPU seconds, e.g.:
//
//   node tools/bench/cpu-per-op.mjs $LAUNCHER 200 -- \
//     node ../shared/bench/regbench.mjs -s push-many-small --images 200 -u admin:PW http://127.0.0.1:5000
//
// prints one JSON line: milliseconds of CPU (user + system) per op for each label, and their total.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const [launcherArg, opsArg, dashes, ...command] = process.argv.slice(2);
const launcher = Number(launcherArg);
const ops = Number(opsArg);
if (!Number.isInteger(launcher) || !(ops > 0) || dashes !== '--' || command.length === 0) {
  process.stderr.write('usage: node tools/bench/cpu-per-op.mjs <launcher-pid> <ops> -- <command…>\n');
  process.exit(2);
}

const TICKS_PER_SECOND = 100;

/** CPU seconds of the launcher and its descendants, summed per label. */
function cpuByLabel() {
  const procs = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      procs.set(Number(entry), {
        ppid: Number(fields[1]),
        ticks: Number(fields[11]) + Number(fields[12]),
        cmdline,
      });
    } catch {
      // The process ended meanwhile.
    }
  }
  const tree = new Set([launcher]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, p] of procs) {
      if (!tree.has(pid) && tree.has(p.ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  const seconds = {};
  for (const pid of tree) {
    const p = procs.get(pid);
    if (!p) continue;
    const service = /dist\/services\/([a-z-]+)\//.exec(p.cmdline)?.[1];
    const label =
      service ?? (/postgres/.test(p.cmdline) ? 'postgres' : /redis/.test(p.cmdline) ? 'redis' : 'launcher');
    seconds[label] = (seconds[label] ?? 0) + p.ticks / TICKS_PER_SECOND;
  }
  return seconds;
}

const before = cpuByLabel();
const run = spawnSync(command[0], command.slice(1), { stdio: ['ignore', 'ignore', 'inherit'] });
const after = cpuByLabel();
const msPerOp = {};
let total = 0;
for (const label of Object.keys(after).sort()) {
  const ms = ((after[label] - (before[label] ?? 0)) * 1000) / ops;
  if (ms < 0.05) continue;
  msPerOp[label] = Math.round(ms * 10) / 10;
  total += ms;
}
msPerOp.total = Math.round(total * 10) / 10;
process.stdout.write(`${JSON.stringify({ cpu_ms_per_op: msPerOp, exit: run.status })}\n`);
process.exit(run.status ?? 1);
