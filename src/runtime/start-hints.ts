import type { RuntimeModel } from "../config/runtime-model.js";
import { hasSimDevices } from "../drivers/create-drivers.js";

/** The demo school, which `npm run demo` drives. */
const DEMO_SITE = "lincoln-es";

/**
 * What the "gateway online" line tells a person trying a site with simulated devices (a demo or a
 * bench): a watch command that works with the site's broker (a user and password where anonymous
 * clients are denied) and how to drive its devices. A site without simulated devices gets none.
 */
export function startHints(model: RuntimeModel, port: number): { watch?: string; drive?: string } {
  if (!hasSimDevices(model)) return {};
  const login = model.broker.anonymous === "deny" ? " -u <user> -P <password>" : "";
  const watch = `mosquitto_sub -h ${model.broker.host} -p ${port}${login} -t 'gatehouse/#' -v`;
  const drive =
    model.site.id === DEMO_SITE
      ? "npm run demo"
      : `mosquitto_pub -h ${model.broker.host} -p ${port} -u <user> -P <password> -t 'gatehouse/${model.site.id}/sim/<device_id>' -m '<payload>' (docs/mqtt-api.md, sim/<device_id>)`;
  return { watch, drive };
}
