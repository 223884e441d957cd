/**
 * The district's side of the credential benchmark, in a thread of its own as the district is a
 * machine of its own: makes each part of a snapshot of `count` holders as the JSON bytes of a
 * request and transfers them to the gateway's thread on demand. It runs as a background thread, so
 * that, like a machine of its own, it takes no CPU time the gateway wants.
 */
import { parentPort, workerData } from "node:worker_threads";
import { benchHolder } from "./bench-holder.js";

const { count, perPart } = workerData as { count: number; perPart: number };
const parts = Math.ceil(count / perPart);
const encoder = new TextEncoder();

parentPort?.on("message", (part: number) => {
  const from = (part - 1) * perPart;
  const holders = Array.from({ length: Math.min(perPart, count - from) }, (_, k) => benchHolder(from + k));
  const bytes = encoder.encode(JSON.stringify({ kind: "snapshot", version: "bench", part, parts, holders }));
  parentPort?.postMessage(bytes, [bytes.buffer]);
});
