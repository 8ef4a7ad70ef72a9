// What a DecodePool can be asked for: its worker module, its threads, which tasks run where, and
// how long a task may take. Defaults are the pool's (decode-pool.ts).
export interface DecodePoolOptions {
  /**
   * The decode worker's module: a file URL (or path). Defaults to `DecodePool.defaultWorkerUrl`,
   * `decode-worker.js` beside the module that holds this pool. A bundled app that places the
   * worker elsewhere passes its location here.
   */
  workerUrl?: URL | string;
  /** Worker threads; defaults to the machine's parallelism, at most 2. */
  size?: number;
  /**
   * Tasks decoding more than this many uncompressed bytes (a row group's payloads) all run on the
   * first worker, one at a time: wasm memory grows to the largest row group a worker decodes and
   * never shrinks, so this bounds the pool's memory to one large worker. Default 16 MiB.
   */
  heavyTaskBytes?: number;
  /**
   * Tasks decoding at most this many uncompressed bytes that the JavaScript decoder can answer
   * run on the calling thread: for a row group's status and operation chunks (tens of KB) the
   * round trip to a worker costs more than the work. 0 sends every task to a worker. Default 512 KiB.
   */
  inlineTaskBytes?: number;
  /**
   * The calling thread decodes queued tasks too, whenever it is otherwise idle: one worker fewer
   * to start and warm up, for a process that has nothing else to do meanwhile (the CLI). Each task
   * holds the event loop while it runs (~10-50 ms for a row group), so an app serving requests
   * leaves this off. Tasks that need parquet-wasm still run in a worker. `size` then defaults to
   * one worker fewer (at least one). Default false.
   */
  callerDecodes?: boolean;
  /**
   * How long a worker may take over one task, in milliseconds, before it is ended and the task
   * reported (a corrupt page can send parquet-wasm into a loop that never ends): this much, plus a
   * second per MiB the task decodes. Default 5000.
   */
  taskTimeoutMs?: number;
}
