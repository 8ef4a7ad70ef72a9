export { FsStorage, createFsStorage, type FsStorageOptions } from './fs-storage.js';
export { fromLocation } from './fs-from-location.js';
