import type { BrokerUser } from "../../src/bus/broker.js";
import { BUS_ROLES, type BusRole } from "../../src/bus/roles.js";

/** One broker user per role, named after it: username = role, password `<role>-secret`. */
export const ROLE_USERS: readonly BrokerUser[] = BUS_ROLES.map((role) => ({ username: role, password: `${role}-secret`, role }));

/** Every role, and null for an anonymous viewer. */
export const READERS: readonly (BusRole | null)[] = [null, ...BUS_ROLES];
