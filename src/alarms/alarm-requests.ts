import { AlarmRequest, type AlarmResponseData } from "../bus/alarm-payloads.js";
import { localRequester } from "../bus/local-requester.js";
import type { Identity } from "../bus/broker.js";
import { RequestError, type RequestRouter } from "../bus/requests.js";
import type { AlarmCommand } from "./alarm-book.js";
import type { AlarmRefusal } from "./alarm-machine.js";
import type { AlarmService } from "./alarm-service.js";
import { openAlarm } from "./alarm-wire.js";


const REFUSALS: Readonly<Record<AlarmRefusal, string>> = {
  not_open: "no such alarm is open",
  already_acknowledged: "the alarm is already acknowledged",
  not_shelvable: "life-safety alarms cannot be shelved",
  not_shelved: "the alarm is not shelved",
  shelf_too_long: "the shelf is longer than the site allows",
};

/** Who answers: officers and administrators at the site. The district watches alarms; people at the site answer them. */
const answerer = (from: Identity): string => localRequester(from, "alarm", "only an officer or an administrator of the site may answer alarms");

/** Register `request/alarm`: each action is recorded as an `alarm_state` event naming who did it. */
export function registerAlarmRequests(router: RequestRouter, service: AlarmService): void {
  router.register("alarm", {
    schema: AlarmRequest,
    changes: true,
    handle: (req, from): AlarmResponseData => {
      const by = answerer(from);
      const command: AlarmCommand =
        req.action === "ack"
          ? { action: "ack", by, note: req.note ?? null }
          : req.action === "shelve"
            ? { action: "shelve", by, ms: req.minutes * 60_000, reason: req.reason }
            : { action: "unshelve", by };
      const move = service.command(req.alarm, command);
      if (typeof move === "string") throw new RequestError(move, REFUSALS[move]);
      return { alarm: openAlarm(move.instance) };
    },
  });
}
