import { expect, it } from 'vitest';
import { messageTemplate } from './message-template.js';

it('masks the parts of a message that vary per record', () => {
  const pairs = [
    ['INVALID_EMAIL_ADDRESS: Email: invalid email address: ada@@example.com', 'INVALID_EMAIL_ADDRESS: Email: invalid email address: grace@@acme.io'],
    ['DUPLICATE_VALUE: duplicate value found on record with id: 0035e00000AbCdEfGH', 'DUPLICATE_VALUE: duplicate value found on record with id: 0035e00000ZzYyXxWW'],
    ['Company already exists. Existing ID: 5012345', 'Company already exists. Existing ID: 5000001'],
    ["'email' is not a valid email address: 'ada@examplecom'", "'email' is not a valid email address: 'bob@mailtest'"],
    ['Row 7f1c2b9e-1a2b-4c3d-9e8f-0a1b2c3d4e5f failed', 'Row 00000000-1111-2222-3333-444444444444 failed'],
  ];
  for (const [a, b] of pairs) expect(messageTemplate(a!)).toBe(messageTemplate(b!));
});

it('keeps messages that differ in words apart', () => {
  expect(messageTemplate('REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]')).not.toBe(
    messageTemplate('REQUIRED_FIELD_MISSING: Required fields are missing: [FirstName]'),
  );
  expect(messageTemplate('User is on the global blocklist')).toBe('User is on the global blocklist');
});
