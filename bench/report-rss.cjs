// Preloaded into benchmark child processes (node --require): at exit, writes the process's peak
// RSS to the file named by SYNCTRACK_BENCH_RSS_FILE, whatever program runs.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  const file = process.env.SYNCTRACK_BENCH_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
});
