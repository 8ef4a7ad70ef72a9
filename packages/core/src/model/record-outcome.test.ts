import { expect, it } from 'vitest';
import { outcomeOf } from './record-outcome.js';

it('groups statuses as the Census UI does', () => {
  expect(outcomeOf('succeeded')).toBe('success');
  expect(outcomeOf('rejected')).toBe('rejected');
  expect(outcomeOf('NULL')).toBe('invalid');
  expect(outcomeOf('DUPLICATE')).toBe('invalid');
  expect(outcomeOf(null)).toBe('invalid');
  // An unknown status is never counted as a success.
  expect(outcomeOf('failed_unexpectedly')).toBe('rejected');
});
