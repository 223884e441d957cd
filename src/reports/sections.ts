/**
 * The sections of a report, in the order they are shown. A new section is a builder in
 * `sections/` and one line here.
 */
import type { SectionBuilder } from "./model.js";
import { accessSection } from "./sections/access.js";
import { alarmKpisSection } from "./sections/alarm-kpis.js";
import { devicesSection } from "./sections/devices.js";
import { doorAlarmsSection } from "./sections/door-alarms.js";
import { incidentsSection } from "./sections/incidents.js";
import { modesSection } from "./sections/modes.js";
import { screeningSection } from "./sections/screening.js";

export const SECTIONS: readonly SectionBuilder[] = [
  modesSection,
  doorAlarmsSection,
  accessSection,
  screeningSection,
  devicesSection,
  incidentsSection,
];

/** Every section a report on request carries: the events' sections, then alarm performance from the alarms table. */
export const REPORT_SECTIONS: readonly SectionBuilder[] = [...SECTIONS, alarmKpisSection];
