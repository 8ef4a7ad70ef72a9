#!/usr/bin/env node
// The installed `synctrack` command. It lives outside dist/ because npm links a package's bin only
// when the file exists at install time, and in a fresh clone `npm ci` runs before the first build.
import { existsSync } from 'node:fs';

const built = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(built)) {
  console.error('synctrack: the CLI is not built yet: run `npm run build` at the repository root');
  process.exit(1);
}
await import(built.href);
