// The rules `synctrack check` applies: from a config file kept in the user's repository (JSON or
// YAML), per sync with defaults, and from flags, which win. A config file looks like
//
//   { "defaults": { "max_rejected_rate": 5, "max_new_errors": 0 },
//     "syncs": { "120": { "max_rejected_rate": 10 }, "4821/121": { "min_records": 1000, "templates": true } } }
//
// A sync is named by its id, or by `ORG/SYNC` (which wins over the id alone). Keys are the rule
// names of `check --json` (snake_case); `templates` says whether new errors count templates.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { InvalidArgumentError, type CheckRuleName, type CheckRules, type SyncRef } from '@synctrack/core';
import { CHECK_RULES } from '@synctrack/core/internal';

/** `max_rejected_rate` for `maxRejectedRate`: the rule names of `--json` and config files. */
export function ruleKey(rule: CheckRuleName): string {
  return rule.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

const BY_KEY = new Map(CHECK_RULES.map((rule) => [ruleKey(rule), rule]));

export interface CheckSettings {
  rules: CheckRules;
  templates: boolean;
}

interface Scope {
  rules: CheckRules;
  templates?: boolean;
}

function configError(file: string, message: string): InvalidArgumentError {
  return new InvalidArgumentError({ message: `${file}: ${message}`, context: { argument: 'config', file } });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readScope(file: string, where: string, value: unknown): Scope {
  if (!isObject(value)) throw configError(file, `${where} must be an object of rules, got ${JSON.stringify(value)}`);
  const scope: Scope = { rules: {} };
  for (const [key, limit] of Object.entries(value)) {
    if (key === 'templates') {
      if (typeof limit !== 'boolean') throw configError(file, `${where}.templates must be true or false`);
      scope.templates = limit;
      continue;
    }
    const rule = BY_KEY.get(key);
    if (rule === undefined) throw configError(file, `${where} has no rule "${key}"; the rules are ${[...BY_KEY.keys()].join(', ')}, and templates`);
    if (typeof limit !== 'number') throw configError(file, `${where}.${key} must be a number, got ${JSON.stringify(limit)}`);
    scope.rules[rule] = limit;
  }
  return scope;
}

/** The config file's scopes: its defaults, and its syncs by key (`SYNC` or `ORG/SYNC`). */
export interface CheckConfig {
  file: string;
  defaults: Scope;
  syncs: Map<string, Scope>;
}

export async function readCheckConfig(file: string): Promise<CheckConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw configError(file, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? (error as Error).message})`);
  }
  let parsed: unknown;
  const yaml = ['.yaml', '.yml'].includes(extname(file).toLowerCase());
  // yaml is loaded here, not with the module: loading it took ~28 ms of every command's start.
  const parse: (text: string) => unknown = yaml ? (await import('yaml')).parse : JSON.parse;
  try {
    parsed = parse(text);
  } catch (error) {
    throw configError(file, `not valid ${yaml ? 'YAML' : 'JSON'}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isObject(parsed)) throw configError(file, 'must hold an object with "defaults" and/or "syncs"');
  for (const key of Object.keys(parsed)) {
    if (key !== 'defaults' && key !== 'syncs') throw configError(file, `unknown key "${key}": a config holds "defaults" and "syncs"`);
  }
  const defaults = parsed.defaults === undefined ? { rules: {} } : readScope(file, 'defaults', parsed.defaults);
  const syncs = new Map<string, Scope>();
  if (parsed.syncs !== undefined) {
    if (!isObject(parsed.syncs)) throw configError(file, '"syncs" must be an object keyed by sync id (or ORG/SYNC)');
    for (const [key, value] of Object.entries(parsed.syncs)) syncs.set(key, readScope(file, `syncs.${key}`, value));
  }
  return { file, defaults, syncs };
}

/** The settings for one sync: the config's defaults, then its sync id entry, then `ORG/SYNC`, then the flags. */
export function settingsFor(config: CheckConfig | null, sync: SyncRef | null, flags: Scope): CheckSettings {
  const scopes: Scope[] = [];
  if (config !== null) {
    scopes.push(config.defaults);
    if (sync !== null) {
      for (const key of [sync.syncId, `${sync.orgId}/${sync.syncId}`]) {
        const scope = config.syncs.get(key);
        if (scope !== undefined) scopes.push(scope);
      }
    }
  }
  scopes.push(flags);
  const rules: CheckRules = {};
  let templates = false;
  for (const scope of scopes) {
    Object.assign(rules, scope.rules);
    if (scope.templates !== undefined) templates = scope.templates;
  }
  return { rules, templates };
}
