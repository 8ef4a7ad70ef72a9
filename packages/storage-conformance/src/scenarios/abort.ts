// An AbortSignal that is already aborted stops every operation with ABORTED before any request is sent.
import type { StorageScenario } from '../adapter-fixture.js';
import { expectStorageError, utf8 } from '../storage-assertions.js';

export const abortedBeforeStart: StorageScenario = {
  name: 'abortedBeforeStart',
  title: 'an already aborted signal fails read, stat and list with ABORTED',
  async run({ storage }) {
    const signal = AbortSignal.abort(new Error('the caller gave up'));
    await expectStorageError(storage.read('any.txt', { signal }), 'ABORTED', storage);
    await expectStorageError(storage.read('any.txt', { signal, range: { offset: 0, length: 1 } }), 'ABORTED', storage);
    await expectStorageError(storage.stat('any.txt', { signal }), 'ABORTED', storage);
    await expectStorageError(storage.list('', { signal }), 'ABORTED', storage);
  },
};

export const abortedWriteAndDelete: StorageScenario = {
  name: 'abortedWriteAndDelete',
  title: 'an already aborted signal fails write and delete with ABORTED, writing nothing',
  requires: ['write', 'delete'],
  async run({ storage }) {
    const signal = AbortSignal.abort();
    await expectStorageError(storage.write!('aborted.txt', utf8('never'), { signal }), 'ABORTED', storage);
    await expectStorageError(storage.delete!('aborted.txt', { signal }), 'ABORTED', storage);
    await expectStorageError(storage.stat('aborted.txt'), 'NOT_FOUND', storage, 'aborted.txt');
  },
};

export const abortScenarios = [abortedBeforeStart, abortedWriteAndDelete] as const;
