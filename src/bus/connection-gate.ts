/** Why a connection was closed as it arrived. */
export type GateRefusal = "max_clients" | "max_connections_per_address";

/**
 * Counts open connections, in all and per remote address, and refuses a new one past either cap: a
 * client opening sockets in a loop then costs an accept and a close each, not a session.
 */
export class ConnectionGate {
  private total = 0;
  private readonly byAddress = new Map<string, number>();

  constructor(
    private readonly maxClients: number,
    private readonly maxPerAddress: number,
  ) {}

  /** Admit a connection from `address` (call `release` when it closes), or say why not. */
  admit(address: string): GateRefusal | null {
    const mine = this.byAddress.get(address) ?? 0;
    if (this.total >= this.maxClients) return "max_clients";
    if (mine >= this.maxPerAddress) return "max_connections_per_address";
    this.total++;
    this.byAddress.set(address, mine + 1);
    return null;
  }

  /** An admitted connection from `address` closed. */
  release(address: string): void {
    const mine = this.byAddress.get(address) ?? 0;
    if (mine <= 0) return;
    this.total--;
    if (mine === 1) this.byAddress.delete(address);
    else this.byAddress.set(address, mine - 1);
  }

  /** Connections open now. */
  get open(): number {
    return this.total;
  }
}
