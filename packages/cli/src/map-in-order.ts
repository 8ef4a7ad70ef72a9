// Runs async work over a list with at most `concurrency` items in flight, yielding results in the
// list's order as soon as each is ready.
export async function* mapInOrder<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const inFlight: Array<Promise<R>> = [];
  let next = 0;
  const launch = () => {
    while (next < items.length && inFlight.length < concurrency) {
      const promise = work(items[next++]!);
      // Results the consumer never awaits (it stopped early) must not become unhandled rejections.
      promise.catch(() => {});
      inFlight.push(promise);
    }
  };
  launch();
  while (inFlight.length > 0) {
    const result = await inFlight.shift()!;
    launch();
    yield result;
  }
}
