// The adapter declares spec v1, a name and location, and the capabilities the suite is told it has.
import { expect } from 'vitest';
import type { StorageScenario } from '../adapter-fixture.js';

export const declaresSpecification: StorageScenario = {
  name: 'declaresSpecification',
  title: 'declares specification v1, a name, a location and matching capabilities',
  async run({ storage, capabilities }) {
    expect(storage.specificationVersion).toBe('v1');
    expect(storage.name).toMatch(/^[a-z0-9-]+$/);
    expect(typeof storage.location).toBe('string');
    expect(storage.location.length).toBeGreaterThan(0);
    expect(storage.capabilities.write).toBe(capabilities.write);
    expect(storage.capabilities.delete).toBe(capabilities.delete);
    expect(typeof storage.capabilities.suffixRead).toBe('boolean');
    expect(typeof storage.write === 'function').toBe(storage.capabilities.write);
    expect(typeof storage.delete === 'function').toBe(storage.capabilities.delete);
  },
};

export const specificationScenarios = [declaresSpecification] as const;
