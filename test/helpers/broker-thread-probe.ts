/**
 * A process that starts the MQTT broker in its thread, moves its other threads to the background as
 * `gatehouse run` does, and prints, as JSON, how the kernel schedules the threads that came with the
 * broker's and the threads that were there before.
 */
import { readdirSync, readFileSync } from "node:fs";
import { startBrokerThread } from "../../src/bus/broker-thread.js";
import { silentLogger } from "../../src/util/log.js";
import { backgroundOtherThreads } from "../../src/util/thread-priority.js";
import { scheduling } from "./thread-scheduling.js";

const tasks = (): string[] => readdirSync("/proc/self/task").filter((tid) => Number(tid) !== process.pid);
const of = (tid: string) => scheduling(readFileSync(`/proc/self/task/${tid}/stat`, "utf8"));

const before = new Set(tasks());
const broker = await startBrokerThread({ host: "127.0.0.1", port: 0, prefix: "gatehouse/probe", users: [], anonymous: "deny", simEnabled: false, log: silentLogger() });
backgroundOtherThreads();
const now = tasks();
process.stdout.write(JSON.stringify({ came: now.filter((t) => !before.has(t)).map(of), were: now.filter((t) => before.has(t)).map(of) }));
await broker.close();
