/**
 * V8's helper threads: the process-wide pool that runs parallel and concurrent garbage collection
 * and background compilation for every thread of the process, the credential worker included.
 * Node starts four. `gatehouse run` puts them in the idle class (backgroundOtherThreads), yet four
 * of them busy with the worker's garbage still crowd a two-core board: during a million-holder
 * apply the worst decision pause was about twice as long with four as with one. One is plenty for
 * the main thread's small heap. Node takes the pool size on its command line only, so the gateway
 * is started as `node --v8-pool-size=1` (the systemd unit, `npm start` and `npm run bench` do).
 */

/** The node option that limits V8's helper threads to one. */
export const HELPER_THREADS_OPTION = "--v8-pool-size=1";

/**
 * Whether node was started with a helper pool size of its operator's choosing, on its command line
 * (`execArgv`) or in NODE_OPTIONS; by default, this process.
 */
export function helperThreadsChosen(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS): boolean {
  const given = (arg: string) => arg === "--v8-pool-size" || arg.startsWith("--v8-pool-size=");
  return execArgv.some(given) || (nodeOptions ?? "").split(/\s+/).some(given);
}
