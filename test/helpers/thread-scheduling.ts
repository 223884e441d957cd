/** Nice value and scheduling policy (0 normal, 5 idle) of a thread, from its /proc stat line. */
export function scheduling(stat: string): { nice: number; policy: number } {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { nice: Number(fields[16]), policy: Number(fields[38]) };
}
