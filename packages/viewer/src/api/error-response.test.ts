import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidDataError, NotFoundError, PermissionDeniedError, StorageUnavailableError } from '@synctrack/core';
import { errorResponse } from './error-response.js';

describe('errorResponse', () => {
  it.each([
    [new NotFoundError({ message: 'no run' }), 404, 'NOT_FOUND'],
    [new InvalidArgumentError({ message: 'bad' }), 400, 'INVALID_ARGUMENT'],
    [new InvalidDataError({ message: 'corrupt' }), 422, 'INVALID_DATA'],
    [new PermissionDeniedError({ message: 'denied' }), 403, 'PERMISSION_DENIED'],
    [new StorageUnavailableError({ message: 'down' }), 503, 'STORAGE_UNAVAILABLE'],
  ])('maps %s', (error, status, code) => {
    expect(errorResponse(error)).toEqual({ status, body: { error: { code, message: error.message } } });
  });

  it('hides the details of an unexpected error and logs it', () => {
    const logged: unknown[] = [];
    const error = new TypeError('secret internals at /home/me');
    const response = errorResponse(error, (value) => logged.push(value));
    expect(response.status).toBe(500);
    expect(response.body.error.code).toBe('INTERNAL');
    expect(response.body.error.message).not.toContain('secret');
    expect(logged).toEqual([error]);
  });
});
