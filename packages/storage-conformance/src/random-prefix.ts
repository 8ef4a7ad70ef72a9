// A key prefix no other run uses, so parallel and repeated runs against one server never collide.
import { randomBytes } from 'node:crypto';

export function randomPrefix(label = 'conformance'): string {
  return `synctrack-test/${label}/${Date.now().toString(36)}-${randomBytes(6).toString('hex')}/`;
}
