/**
 * Short bursts for a background thread: `pace()` is called often during long work and, once
 * `workMs` have passed since the last rest, sleeps `restMs`. On a two-core board a thread that
 * never rests makes the main thread's short tasks run several times slower now and then; resting
 * a millisecond in five cut the worst of those from about 10 ms to 4 (work 25% longer).
 * `Atomics.wait` blocks the calling thread, so only a worker thread may pace itself.
 */
export function pacer(workMs = 4, restMs = 1): () => void {
  const cell = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  let since = performance.now();
  return () => {
    if (performance.now() - since < workMs) return;
    Atomics.wait(cell, 0, 0, restMs);
    since = performance.now();
  };
}
