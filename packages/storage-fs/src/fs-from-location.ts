// The location registry's entry into this package: file:// URLs and plain paths.
import type { FromLocation } from '@synctrack/core';
import { FsStorage } from './fs-storage.js';

export const fromLocation: FromLocation = (location) => new FsStorage({ root: location.path ?? location.location });
