import { describe, expect, it } from 'vitest';
import { allowedHostHeaders, isLoopbackHost } from './security-headers.js';

describe('allowedHostHeaders', () => {
  it('answers to the loopback names on its own port', () => {
    expect(allowedHostHeaders('127.0.0.1', 8080)).toEqual(new Set(['localhost:8080', '127.0.0.1:8080', '[::1]:8080']));
    expect(allowedHostHeaders('::1', 9)).toEqual(new Set(['localhost:9', '127.0.0.1:9', '[::1]:9']));
  });

  it('checks nothing when asked to listen elsewhere', () => {
    expect(allowedHostHeaders('0.0.0.0', 8080)).toBeNull();
    expect(isLoopbackHost('127.0.0.2')).toBe(true);
    expect(isLoopbackHost('192.168.1.4')).toBe(false);
  });
});
