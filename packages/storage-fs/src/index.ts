export { FsStorage, createFsStorage, type FsStorageOptions } from './fs-storage.js';
