import { defineProject } from 'vitest/config';

// The packages as a user installs them: their built dist/, packed contents and metadata. Under the
// root `npm test`, turbo has built every package before vitest starts.
export default defineProject({
  test: { name: 'packaging', include: ['*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 },
});
