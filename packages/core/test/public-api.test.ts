// The public API as a decision: the root export's names are listed here, so adding (or losing) one
// fails until this list says so, and its built declarations are read to check that no Parquet
// library's type leaks into them. `@synctrack/core/internal` is not listed: it promises nothing.
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as root from '../src/index.js';
import { isBuildStale } from '../../../scripts/test-support/built-package.js';
import { repoCacheFolder } from './support/bundle-decode-worker.js';

const CORE = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** What `import { … } from '@synctrack/core'` yields at run time. */
const ROOT_VALUES = [
  // client
  'SyncTrackingClient',
  // models
  'RECORD_OUTCOMES',
  'SOURCE_OBJECT_KINDS',
  'isRecordOutcome',
  'outcomeOf',
  'stringifyJson',
  // errors
  'AbortedError',
  'AdapterNotInstalledError',
  'ConfigInvalidError',
  'InternalError',
  'InvalidArgumentError',
  'InvalidDataError',
  'NotFoundError',
  'PermissionDeniedError',
  'RangeNotSatisfiableError',
  'StorageUnavailableError',
  'SyncTrackError',
  'UnsupportedError',
  // storage adapter spec
  'MemoryStorage',
  'listAll',
  'listObjects',
  'listPrefixes',
  // location resolution
  'parseLocation',
  'resolveStorage',
  // writer
  'SyncRunWriter',
  'writeFactTables',
];

/** The types beside them, as the declarations export them. */
const ROOT_TYPES = [
  // client options and results
  'BuildIndexOptions',
  'BuildIndexStats',
  'ComparedRun',
  'CompareRecordsOptions',
  'CompareRunsOptions',
  'ErrorGroup',
  'ErrorGroupChange',
  'CheckedRun',
  'CheckOptions',
  'CheckResult',
  'CheckRuleName',
  'CheckRules',
  'ErrorsOptions',
  'ErrorTemplateCount',
  'FilterArrowOptions',
  'FilterJsonLinesOptions',
  'FilterOptions',
  'FindOptions',
  'IdentifierCounts',
  'IdentifierSetName',
  'Identifiers',
  'JsonLinesBatch',
  'OutcomeChange',
  'ProgressListener',
  'RecordAppearance',
  'RecordHistoryOptions',
  'RecordPage',
  'RecordLineField',
  'RecordQuery',
  'ResolvedRun',
  'RuleResult',
  'RunBatch',
  'RunComparison',
  'RunDetails',
  'RunFile',
  'RunInfo',
  'RunListing',
  'RunMatches',
  'RunStats',
  'RunSummary',
  'RunTotals',
  'RunTrend',
  'SampleOptions',
  'ScanOptions',
  'ScanProgress',
  'SelectScanOptions',
  'SyncHistory',
  'SyncHistoryOptions',
  'SyncTrackingClientOptions',
  'TimeSpan',
  'WatchRunOptions',
  // models
  'Destination',
  'DestinationObject',
  'FactTableName',
  'FactTables',
  'JsonObject',
  'JsonPrimitive',
  'JsonValue',
  'KnownSyncStatus',
  'OrgRef',
  'PayloadFieldType',
  'RecordField',
  'RecordOrigin',
  'RecordOutcome',
  'RunIds',
  'RunMetadata',
  'RunRef',
  'SourceObject',
  'SourceObjectType',
  'SyncRecord',
  'SyncRef',
  'SyncStatus',
  // errors
  'SyncTrackErrorCode',
  'SyncTrackErrorContext',
  'SyncTrackErrorOptions',
  // storage adapter spec
  'ByteRange',
  'ListEntry',
  'ListOptions',
  'ListPage',
  'MemoryStorageOptions',
  'ObjectInfo',
  'ReadOptions',
  'RetrySettings',
  'StorageAdapter',
  'StorageCapabilities',
  'WriteOptions',
  // location resolution
  'FromLocation',
  'ResolveStorageOptions',
  'ResolvedStorage',
  'StorageLocation',
  'StorageScheme',
  // writer
  'ParquetCompression',
  'RecordFileGeneration',
  'SyncRecordInput',
  'SyncRunWriterOptions',
  'WriteFactTablesOptions',
];

/**
 * Types the root's declarations use without exporting them, each for a reason: `DecodePool` is the
 * client's `decodePool` option, an advanced knob whose class lives in `@synctrack/core/internal`.
 */
const UNNAMED_TYPES = ['DecodePool'];

/** Packages whose types are the reader's business, never the user's. */
const PRIVATE_MODULES = ['hyparquet', 'parquet-wasm'];

const sorted = (names: Iterable<string>) => [...names].sort((a, b) => a.localeCompare(b));

/** The names a declaration file exports (`export { a, b as c, type d }` → a, c, d). */
function exportedNames(declarations: string): string[] {
  const names: string[] = [];
  for (const [, list] of declarations.matchAll(/^export (?:type )?\{([^}]*)\}/gm)) {
    for (const item of list!.split(',')) {
      const name = item.trim().replace(/^type /, '').split(' as ').at(-1)!.trim();
      if (name !== '') names.push(name);
    }
  }
  return names;
}

/** The modules a declaration file imports, bare (`hyparquet`) and relative (`./chunk.js`). */
function importedModules(declarations: string): string[] {
  return [...declarations.matchAll(/^(?:import|export)\b[^'";]*?['"]([^'"]+)['"]/gm)].map(([, module]) => module!);
}

describe('the root export of @synctrack/core', () => {
  test('holds these values, and no others', () => {
    expect(sorted(Object.keys(root))).toEqual(sorted(ROOT_VALUES));
  });

  describe('its built declarations', () => {
    let folder: string;
    let built = false;
    /** Each declaration file the root's reaches, by name, with its text. */
    const reached = new Map<string, string>();

    beforeAll(async () => {
      // The package's own declarations when a full build of it is current (`npm run build`, as CI's
      // packaging step makes); else, as under `npm test`, whose build is JavaScript only, the same
      // entries' declarations built here without type checking (`noCheck`: the same files in 6 CPU-s
      // rather than 10; the type check is `npm run typecheck`'s, which CI runs).
      if (!isBuildStale(CORE, 'dist/index.d.ts')) folder = join(CORE, 'dist');
      else {
        folder = await repoCacheFolder('public-api-dts');
        built = true;
        await build({
          config: false,
          silent: true,
          entry: { index: join(CORE, 'src/index.ts'), internal: join(CORE, 'src/internal.ts') },
          format: ['esm'],
          // rootDir as a path: tsup resolves the tsconfig's relative one against the working folder,
          // which is the repository's when `npm test` runs every project.
          dts: { only: true, compilerOptions: { rootDir: join(CORE, 'src'), noCheck: true } },
          outDir: folder,
          tsconfig: join(CORE, 'tsconfig.json'),
        });
      }
      const pending = ['index.d.ts'];
      while (pending.length > 0) {
        const name = pending.pop()!;
        if (reached.has(name)) continue;
        const text = await readFile(join(folder, name), 'utf8');
        reached.set(name, text);
        for (const module of importedModules(text)) {
          if (module.startsWith('./')) pending.push(module.slice(2).replace(/\.js$/, '.d.ts'));
        }
      }
    }, 120_000);

    afterAll(async () => {
      if (built) await rm(folder, { recursive: true, force: true });
    });

    test('export these names (values and types), and no others', () => {
      expect(sorted(exportedNames(reached.get('index.d.ts')!))).toEqual(sorted([...ROOT_VALUES, ...ROOT_TYPES]));
    });

    test('name no type a user cannot import from the root', () => {
      const index = reached.get('index.d.ts')!;
      const exported = new Set(exportedNames(index));
      const declared = [...index.matchAll(/^(?:declare )?(?:interface|type|class|declare class) (\w+)/gm)].map(([, name]) => name!);
      const fromChunks = [...index.matchAll(/^import \{([^}]*)\} from '\.\//gm)].flatMap(([, list]) =>
        list!.split(',').map((item) => item.trim().split(' as ').at(-1)!.trim()),
      );
      const unnamed = [...new Set([...declared, ...fromChunks])].filter((name) => name !== '' && !exported.has(name));
      expect(sorted(unnamed)).toEqual(sorted(UNNAMED_TYPES));
    });

    test(`import nothing from ${PRIVATE_MODULES.join(' or ')}`, () => {
      const leaks = [...reached].flatMap(([name, text]) =>
        importedModules(text)
          .filter((module) => PRIVATE_MODULES.some((bare) => module === bare || module.startsWith(`${bare}/`)))
          .map((module) => `${name} imports ${module}`),
      );
      expect(reached.size).toBeGreaterThan(0);
      expect(leaks).toEqual([]);
    });

    test('(the import reader sees type, bare and re-export imports)', () => {
      const sample = "import { FileMetaData } from 'hyparquet';\nimport 'apache-arrow';\nexport { a as B } from './chunk-x.js';\n";
      expect(importedModules(sample)).toEqual(['hyparquet', 'apache-arrow', './chunk-x.js']);
    });
  });
});
