import { GatewayError } from "../../util/errors.js";
import type { Component } from "../lifecycle.js";
import type { BrokerUnit } from "./broker.js";
import { started } from "./late.js";
import type { GatewayContext } from "./parts.js";

/**
 * The web console, when the site has one: started after the requests so a page can act at once,
 * stopped before them (its sessions' MQTT connections close with it). Its code is loaded only for a
 * site that serves a console. A console whose port is taken is an error in the log, not a gateway
 * that does not start.
 */
export class ConsoleUnit implements Component {
  readonly name = "console";
  private close: (() => Promise<void>) | null = null;
  private served: string | null | undefined;

  constructor(
    private readonly ctx: GatewayContext,
    private readonly broker: BrokerUnit,
  ) {}

  async start(): Promise<void> {
    const { ctx } = this;
    this.served = null;
    const config = ctx.model.console;
    if (config === undefined || config === null) return;
    const { startConsole } = await import("../../console/server.js");
    const { siteLayout } = await import("../../console/site-info.js");
    const broker = this.broker.broker;
    // The broker's own accounts: a reloaded password file reaches console logins as it reaches MQTT ones.
    const server = await startConsole({
      config,
      passwords: broker.accounts.passwords,
      roles: broker.accounts.roles,
      throttle: ctx.model.brokerLimits.login,
      layout: siteLayout(ctx.model, ctx.topics.prefix),
      attach: (stream, req, user) => broker.attach(stream, req, user),
      timers: ctx.timers,
      log: ctx.log,
    }).catch((err: unknown) => {
      // The doors must not wait on a web page: a console that cannot bind is logged, and the gateway runs on.
      if (!(err instanceof GatewayError && err.code === "CONSOLE_LISTEN")) throw err;
      ctx.log.error({ err }, "console not started: its port cannot be bound");
      return null;
    });
    if (server === null) return;
    this.served = server.url;
    this.close = () => server.close();
  }

  async stop(): Promise<void> {
    await this.close?.();
  }

  /** The web console's address; null when the site serves none. */
  get url(): string | null {
    return started(this.served, "consoleUrl");
  }
}
