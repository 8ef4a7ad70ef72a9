// Preloaded into benchmark child processes (node --require): at exit, writes the process's peak
// RSS to the file named by SYNCTRACK_BENCH_RSS_FILE, whatever program runs. It reads VmHWM from
// /proc/self/status, the peak of this address space: getrusage's maxRSS survives fork and exec on
// Linux, so a child would report its parent's peak when that was larger.
const { readFileSync, writeFileSync } = require('node:fs');
process.on('exit', () => {
  const file = process.env.SYNCTRACK_BENCH_RSS_FILE;
  if (!file) return;
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  writeFileSync(file, String(match ? Number(match[1]) * 1024 : process.resourceUsage().maxRSS * 1024));
});
