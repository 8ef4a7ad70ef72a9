// An output file that appears whole or not at all: the export writes a hidden temporary file beside
// it and renames it into place only once everything is written; a failure removes the temporary file.
import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { link, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InvalidArgumentError, NotFoundError, PermissionDeniedError } from '@synctrack/core';

export function outputExistsError(path: string): InvalidArgumentError {
  return new InvalidArgumentError({
    message: `${path} already exists; pass --force to overwrite it`,
    context: { argument: 'out', file: path },
  });
}

export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** File-system failures as the CLI's typed errors, naming the file. */
function fileError(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  const context = { file: path, operation: 'write' };
  if (code === 'ENOENT') return new NotFoundError({ message: `Cannot write ${path}: its folder does not exist`, context, cause: error });
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new PermissionDeniedError({ message: `Cannot write ${path}: permission denied`, context, cause: error });
  }
  return error;
}

export class AtomicOutputFile {
  private constructor(
    readonly path: string,
    readonly temporaryPath: string,
    readonly stream: WriteStream,
  ) {}

  static async create(path: string): Promise<AtomicOutputFile> {
    const temporaryPath = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.partial`);
    const stream = createWriteStream(temporaryPath, { flags: 'wx' });
    try {
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', reject);
      });
    } catch (error) {
      throw fileError(error, path);
    }
    return new AtomicOutputFile(path, temporaryPath, stream);
  }

  /** Moves the finished file into place; without `overwrite` an existing file is never replaced. */
  async commit(options: { overwrite: boolean }): Promise<void> {
    try {
      if (options.overwrite) {
        await rename(this.temporaryPath, this.path);
        return;
      }
      // A hard link fails when the name exists, even if another process just created it.
      try {
        await link(this.temporaryPath, this.path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw outputExistsError(this.path);
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
        // A file system without hard links: check, then rename.
        if (await pathExists(this.path)) throw outputExistsError(this.path);
        await rename(this.temporaryPath, this.path);
        return;
      }
      await unlink(this.temporaryPath);
    } catch (error) {
      await this.discard();
      throw fileError(error, this.path);
    }
  }

  async discard(): Promise<void> {
    this.stream.destroy();
    await unlink(this.temporaryPath).catch(() => {});
  }
}
