// @ts-check
/**
 * An alarm's state in words. A latched alarm (fire, panic, lockdown) stays `active_unacked` after its
 * condition ended, until someone answers it: it reads "ended, unacked", not "active", so that a
 * lockdown cleared minutes ago is not taken for one still on.
 * @param {{ state: string, active: boolean }} a
 */
export function alarmStateWords(a) {
  if (!a.active && a.state.startsWith("active_")) return `ended, ${a.state.slice("active_".length)}`;
  return a.state.replace("_", ", ");
}
