// The CLI on a Node.js older than it supports: one line and exit code 7, before anything else loads.
// The old Node is simulated: a preload gives process.versions.node an older number, and the import
// hooks of import-log-hooks.mjs record what the process loaded.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/exit-codes.js';
import { MINIMUM_NODE, UNSUPPORTED_NODE_EXIT_CODE, unsupportedNodeMessage } from '../src/node-version.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const installedBin = join(packageDir, 'bin/synctrack.js');
const scratch = mkdtempSync(join(tmpdir(), 'synctrack-node-version-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('unsupportedNodeMessage', () => {
  it('passes the minimum and anything newer', () => {
    for (const version of ['20.19.0', '20.19.5', '20.20.2', '22.0.0', '22.12.0', 'v24.11.1', '26.1.0']) expect(unsupportedNodeMessage(version), version).toBeNull();
  });

  it('names an older Node and the minimum in one line', () => {
    for (const version of ['20.18.3', '18.20.4', '16.0.0', 'v20.0.0']) {
      const message = unsupportedNodeMessage(version);
      expect(message, version).toBe(`synctrack: needs Node.js 20.19.0 or newer, and this is Node.js ${version.replace(/^v/, '')}: install a current LTS release (https://nodejs.org)`);
    }
  });

  it('agrees with package.json and the exit code table', () => {
    const engines = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(engines).toBe(`>=${MINIMUM_NODE.replace(/\.0$/, '')}`);
    expect(UNSUPPORTED_NODE_EXIT_CODE).toBe(EXIT_CODES.unsupported);
  });
});

function runAs(nodeVersion: string, args: string[]): Promise<{ exitCode: number | null; stdout: string; stderr: string; imports: string[] }> {
  const log = join(scratch, `imports-${Math.random().toString(36).slice(2)}.jsonl`);
  const hooks = pathToFileURL(join(packageDir, 'test/import-log-hooks.mjs')).href;
  const preload = `import { register } from 'node:module';
    Object.defineProperty(process.versions, 'node', { value: ${JSON.stringify(nodeVersion)} });
    register(${JSON.stringify(hooks)}, { data: { log: ${JSON.stringify(log)} } });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(preload)}`, installedBin, ...args], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const imports = existsSync(log)
        ? readFileSync(log, 'utf8')
            .trimEnd()
            .split('\n')
            .map((line) => (JSON.parse(line) as { url: string }).url)
        : [];
      resolve({ exitCode, stdout, stderr, imports });
    });
  });
}

describe('the synctrack executable', () => {
  it('on Node.js 18 prints one line, exits 7 and loads nothing but its check', async () => {
    if (!existsSync(join(packageDir, 'dist/bin.js'))) throw new Error('the CLI is not built: run npx turbo run build --filter=@synctrack/cli...');
    const result = await runAs('18.20.4', ['summary', './anywhere']);
    expect(result).toMatchObject({ exitCode: 7, stdout: '' });
    expect(result.stderr).toBe(`${unsupportedNodeMessage('18.20.4')}\n`);
    const loaded = result.imports.filter((url) => url.startsWith('file:'));
    expect(loaded.some((url) => url.endsWith('/cli/dist/bin.js'))).toBe(true);
    expect(loaded.filter((url) => /node_modules|\/packages\/(?!cli\/)/.test(url))).toEqual([]);
    expect(loaded.filter((url) => /run-cli|program/.test(url))).toEqual([]);
  });

  it('on a supported Node.js runs as usual', async () => {
    const result = await runAs('20.19.0', ['--version']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(result.imports.some((url) => url.includes('/packages/core/'))).toBe(true);
  });
});
