/**
 * The code of every component that starts once the outputs hold (the broker, the engine, the inputs,
 * the requests and all that serves through them). The composition root loads this only after the
 * outputs started, so the doors do not wait for it to load, then builds each component from it.
 */
export { AlarmsUnit } from "./alarms.js";
export { AuditUnit } from "./audit.js";
export { BrokerUnit } from "./broker.js";
export { ClockUnit } from "./clock.js";
export { ConsoleUnit } from "./console.js";
export { DevicesUnit } from "./devices.js";
export { DrillsUnit } from "./drills.js";
export { EngineUnit } from "./engine.js";
export { IncidentsUnit } from "./incidents.js";
export { OccupancyUnit } from "./occupancy.js";
export { PassesUnit } from "./passes.js";
export { ReportsUnit } from "./reports.js";
export { RequestsUnit } from "./requests.js";
export { StatusUnit } from "./status.js";
export { UplinkUnit } from "./uplink.js";
export { VisitorsUnit } from "./visitors.js";
