// Guards shared by every process of the harness.

// Only loopback targets are allowed: 127.0.0.0/8, ::1, localhost.
export function assertLoopback(host) {
  const h = String(host)
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  if (h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return h;
  throw new Error(
    `refusing non-loopback address ${host}: this harness only targets 127.0.0.0/8 or ::1`,
  );
}

// Exit by ourselves: after maxSeconds, or when the parent that started us is gone.
export function installWatchdog({
  maxSeconds = Number(process.env.BENCH_MAX_SECONDS || 3600),
  name = 'process',
} = {}) {
  if (maxSeconds > 0) {
    setTimeout(() => {
      console.error(`[${name}] max lifetime ${maxSeconds}s reached, exiting`);
      process.exit(3);
    }, maxSeconds * 1000).unref();
  }
  // started by the harness (run.mjs / load.mjs set BENCH_PARENT_PID): when our parent
  // process dies we are re-parented, so a changed ppid means nobody will kill us: exit.
  if (process.env.BENCH_PARENT_PID) {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) {
        console.error(`[${name}] parent ${parent} gone, exiting`);
        process.exit(4);
      }
    }, 1000).unref();
  }
  for (const sig of ['SIGTERM', 'SIGINT']) process.once(sig, () => process.exit(0));
}
