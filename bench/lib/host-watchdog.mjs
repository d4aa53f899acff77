// Preloaded (`node --import ./bench/lib/host-watchdog.mjs dist/main.js`) into the plugin-io
// host when the harness starts it, because the host has no lifetime bound of its own:
// - exits after BENCH_MAX_SECONDS (default 3600);
// - started by the harness (BENCH_PARENT_PID is set): exits when its parent is gone
//   (re-parented means nobody will stop it);
// - BENCH_PROFILE=1: `--cpu-prof` writes the profile only on a normal exit, and NestJS's
//   shutdown hook re-raises the signal after closing the app, which would end the process by
//   the signal instead. Keeping a listener here turns that second signal into exit(0), and
//   exits anyway 8 s after the first one.
const name = `plugin-io ${process.pid}`;
const maxSeconds = Number(process.env.BENCH_MAX_SECONDS || 3600);
if (maxSeconds > 0) {
  setTimeout(() => {
    console.error(`[${name}] max lifetime ${maxSeconds}s reached, exiting`);
    process.exit(3);
  }, maxSeconds * 1000).unref();
}
if (process.env.BENCH_PARENT_PID) {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) {
      console.error(`[${name}] parent ${parent} gone, exiting`);
      process.exit(4);
    }
  }, 1000).unref();
}
if (process.env.BENCH_PROFILE === '1') {
  let signals = 0;
  for (const sig of ['SIGTERM', 'SIGINT']) {
    process.on(sig, () => {
      if (++signals > 1) process.exit(0);
      setTimeout(() => process.exit(0), 8000);
    });
  }
}
