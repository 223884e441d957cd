import { join } from "node:path";
import type { OsdpSettings } from "../../config/osdp-settings.js";
import { OsdpBus } from "./cp-bus.js";
import type { OsdpNotice } from "./cp-notices.js";
import type { CpOptions, ReaderConfig } from "./cp-options.js";
import { OsdpSerialTransport } from "./serial-transport.js";
import type { OsdpTimers, OsdpTransport } from "./transport.js";
import type { SerialConnectionTuning } from "../serial/connection.js";
import type { Logger } from "../../util/log.js";
import { FileKeyStore, OSDP_KEY_DIR } from "./osdp-keys.js";
import { capturing, osdpCapFile, OsdpCapture, type OsdpCapFile } from "./osdpcap.js";

/** A reader on a shared bus, as the bus sees it: where its notices go. */
export interface OsdpMember {
  readonly id: string;
  readonly settings: OsdpSettings;
  notice(n: OsdpNotice): void;
  /** The port itself went away (unplugged adapter) or came back. */
  portState(open: boolean, reason: string): void;
}

/** A bus's transport with its life: the serial port (serialTransport), or a simulated bus. */
export interface OsdpLink extends OsdpTransport {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Reports of the port itself (opened, lost) to the readers on it. */
export interface OsdpLinkEvents {
  onOnline(): void;
  onOffline(reason: string): void;
}

/** Opens the link of the bus at `path`. */
export type OpenOsdpLink = (path: string, baudRate: number, log: Logger, events: OsdpLinkEvents) => OsdpLink;

/** The bus on a serial port through the serial drivers' self-healing connection. */
export function serialLink(tuning: SerialConnectionTuning): OpenOsdpLink {
  return (path, baudRate, log, events) => new OsdpSerialTransport({ ...tuning, path, baudRate, log, ...events });
}

/** What a bus is built from besides its readers. */
export interface OsdpPortDeps {
  readonly openLink: OpenOsdpLink;
  /** The panel's clock: steady time, so a wall clock step never fires or stalls a reply timeout. */
  readonly timers: OsdpTimers;
  /** The gateway's data directory: the readers' keys live under it. */
  readonly dataDir: string;
  readonly log: Logger;
}

interface Running {
  readonly bus: OsdpBus;
  readonly transport: OsdpLink;
  /** The bus's capture file, when the configuration asks for one. */
  readonly capture: OsdpCapFile | null;
}

/**
 * One RS-485 bus: one serial port, one control panel, every reader configured on it. The readers'
 * drivers join it when they are made; the first to start opens the port and starts the panel with
 * all of them, the last to stop closes it. So a bus is polled once however many doors share it.
 */
export class OsdpPort {
  private readonly members = new Map<number, OsdpMember>();
  private running: Running | null = null;
  private starting: Promise<Running> | null = null;
  private started = 0;

  constructor(
    readonly path: string,
    private readonly deps: OsdpPortDeps,
  ) {}

  join(member: OsdpMember): void {
    this.members.set(member.settings.address, member);
  }

  /** The bus's steady clock and timers. */
  get timers(): OsdpTimers {
    return this.deps.timers;
  }

  /** The running panel (null before the first start or after the last stop). */
  get bus(): OsdpBus | null {
    return this.running?.bus ?? null;
  }

  async start(): Promise<void> {
    this.started++;
    this.starting ??= this.open();
    await this.starting;
  }

  async stop(): Promise<void> {
    this.started = Math.max(0, this.started - 1);
    if (this.started > 0 || this.starting === null) return;
    const running = await this.starting;
    this.starting = null;
    this.running = null;
    running.bus.stop();
    await running.transport.stop();
    await running.capture?.close();
  }

  private async open(): Promise<Running> {
    const members = [...this.members.values()];
    const first = members[0]?.settings;
    const log = this.deps.log.child({ mod: "devices/osdp", port: this.path });
    const ids = new Map(members.map((m) => [m.settings.address, m.id]));
    const keys = new FileKeyStore(join(this.deps.dataDir, OSDP_KEY_DIR), (a) => ids.get(a) ?? null, log);
    const transport = this.deps.openLink(this.path, first?.baudRate ?? 9600, log, {
      onOnline: () => this.each((m) => m.portState(true, "port open")),
      onOffline: (reason) => this.each((m) => m.portState(false, reason)),
    });
    const file = first?.capture ? osdpCapFile(first.capture.path, log, first.capture.maxBytes) : null;
    if (file !== null) log.warn({ path: first?.capture?.path }, "OSDP bus capture on: raw packets go to the file");
    const wire = file === null ? transport : capturing(transport, new OsdpCapture((line) => file.write(line)));
    const readers: ReaderConfig[] = members.map((m) => ({ address: m.settings.address, secure: m.settings.secure }));
    // Install mode pairs only inside a window an operator opens for one reader (request/osdp), never at start.
    const options: CpOptions = { installWindowMs: 0, ...(first?.bus ?? {}) };
    const onNotice = (n: OsdpNotice) => this.members.get(n.address)?.notice(n);
    const bus = new OsdpBus(readers, { transport: wire, timers: this.deps.timers, log, keys, onNotice, baudRate: first?.baudRate ?? 9600 }, options);
    const running = { bus, transport, capture: file };
    this.running = running;
    bus.start();
    await transport.start();
    return running;
  }

  private each(f: (m: OsdpMember) => void): void {
    for (const m of this.members.values()) f(m);
  }
}

/** The buses of one gateway, by port path: made as the first reader on a port asks for it. */
export class OsdpPorts {
  private readonly ports = new Map<string, OsdpPort>();

  constructor(private readonly deps: OsdpPortDeps) {}

  of(path: string): OsdpPort {
    let port = this.ports.get(path);
    if (port === undefined) {
      port = new OsdpPort(path, this.deps);
      this.ports.set(path, port);
    }
    return port;
  }
}
