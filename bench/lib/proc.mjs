// Reads per-process figures from /proc (Linux only). All functions are cheap and synchronous.
import fs from 'node:fs';

export const CLK_TCK = 100; // getconf CLK_TCK on Linux x86_64/arm64
const PAGE = 4096;

function readSafe(path) {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

// pid plus all its descendants (via /proc/<pid>/task/<tid>/children)
export function processTree(pid) {
  const out = [];
  const stack = [pid];
  const seen = new Set();
  while (stack.length) {
    const p = stack.pop();
    if (seen.has(p)) continue;
    seen.add(p);
    out.push(p);
    let tasks;
    try {
      tasks = fs.readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      const c = readSafe(`/proc/${p}/task/${t}/children`);
      if (!c) continue;
      for (const s of c.trim().split(/\s+/)) if (s) stack.push(Number(s));
    }
  }
  return out;
}

// { rssKiB, hwmKiB, threads } for one pid, or null if gone
export function memOf(pid) {
  const s = readSafe(`/proc/${pid}/status`);
  if (!s) return null;
  const get = (k) => {
    const m = new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s);
    return m ? Number(m[1]) : 0;
  };
  return { rssKiB: get('VmRSS'), hwmKiB: get('VmHWM'), threads: get('Threads') };
}

// CPU seconds (user+system, all threads) of one pid, or null if gone
export function cpuOf(pid) {
  const s = readSafe(`/proc/${pid}/stat`);
  if (!s) return null;
  // comm may contain spaces/parens: split after the last ')'
  const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); utime is field 14 -> rest[11], stime field 15 -> rest[12]
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  return { user: utime / CLK_TCK, system: stime / CLK_TCK, total: (utime + stime) / CLK_TCK };
}

function fdCount(pid) {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return 0;
  }
}

// Sum over pid and descendants.
export function treeStats(pid) {
  const pids = processTree(pid);
  let rssKiB = 0,
    hwmKiB = 0,
    cpu = 0,
    user = 0,
    system = 0,
    fds = 0,
    threads = 0,
    n = 0;
  for (const p of pids) {
    const m = memOf(p);
    const c = cpuOf(p);
    if (!m || !c) continue;
    n++;
    rssKiB += m.rssKiB;
    hwmKiB += m.hwmKiB;
    threads += m.threads;
    cpu += c.total;
    user += c.user;
    system += c.system;
    fds += fdCount(p);
  }
  return {
    pids: n,
    rssKiB,
    hwmKiB,
    cpuS: cpu,
    userS: user,
    systemS: system,
    fds,
    threads,
    at: Date.now(),
  };
}

// System-wide TCP socket figures from /proc/net/sockstat (mem is in pages)
export function tcpSockstat() {
  const s = readSafe('/proc/net/sockstat') || '';
  const m = /^TCP: inuse (\d+) orphan (\d+) tw (\d+) alloc (\d+) mem (\d+)/m.exec(s);
  if (!m) return null;
  return { inuse: +m[1], orphan: +m[2], tw: +m[3], alloc: +m[4], memKiB: (+m[5] * PAGE) / 1024 };
}

export function nofileLimits(pid = 'self') {
  const s = readSafe(`/proc/${pid}/limits`) || '';
  const m = /^Max open files\s+(\S+)\s+(\S+)/m.exec(s);
  if (!m) return null;
  const f = (x) => (x === 'unlimited' ? Infinity : Number(x));
  return { soft: f(m[1]), hard: f(m[2]) };
}

// System-wide memory figures (KiB) from /proc/meminfo
export function memInfo() {
  const s = readSafe('/proc/meminfo') || '';
  const get = (k) => {
    const m = new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s);
    return m ? Number(m[1]) : null;
  };
  return {
    availableKiB: get('MemAvailable'),
    slabKiB: get('Slab'),
    sunreclaimKiB: get('SUnreclaim'),
  };
}
