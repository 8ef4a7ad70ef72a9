// The one call an adapter package makes: registers every conformance scenario with vitest.
import { describe, it } from 'vitest';
import type { AdapterFixture, ConformanceCapabilities, StorageScenario, TestStorageAdapterOptions } from './adapter-fixture.js';
import { SCENARIO_GROUPS } from './scenario-groups.js';
import { describeInterruptedTransfers } from './scenarios/interrupted-transfers.js';
import { describeTransientFaults } from './scenarios/transient-faults.js';

const DEFAULT_CAPABILITIES: ConformanceCapabilities = { write: true, delete: true, largeListing: true, clientSession: true };

/** Runs one scenario on a fresh adapter, then closes it and cleans up even when the scenario fails. */
export async function runScenario(
  scenario: StorageScenario,
  create: () => Promise<AdapterFixture>,
  capabilities: ConformanceCapabilities,
): Promise<void> {
  const fixture = await create();
  try {
    await scenario.run({ storage: fixture.storage, capabilities, create });
  } finally {
    try {
      await fixture.storage.close?.();
    } finally {
      await fixture.cleanup?.();
    }
  }
}

export function testStorageAdapter(options: TestStorageAdapterOptions): void {
  const capabilities: ConformanceCapabilities = { ...DEFAULT_CAPABILITIES, ...options.capabilities };
  const create = async () => options.create();
  describe(`storage conformance: ${options.name}`, () => {
    for (const group of SCENARIO_GROUPS) {
      if (group.scenarios.length === 0) continue;
      describe(group.name, () => {
        for (const scenario of group.scenarios) {
          const supported = (scenario.requires ?? []).every((capability) => capabilities[capability]);
          it.runIf(supported)(`${scenario.name}: ${scenario.title}`, () => runScenario(scenario, create, capabilities));
        }
      });
    }
    const faults = options.faults;
    if (faults !== undefined && capabilities.write) {
      describeTransientFaults(faults);
      if (faults.readTimeoutMs !== undefined) describeInterruptedTransfers({ ...faults, readTimeoutMs: faults.readTimeoutMs });
    }
    options.additionalTests?.({ create, capabilities });
  });
}
