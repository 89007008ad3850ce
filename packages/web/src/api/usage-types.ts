// Consumption licensing as the API answers it (packages/server/src/schemas/usage.schema.ts).

/** `GET /licenses/{l}/usage`: the count in use, and per model hit days and years or data ticks. */
export interface LicenseUsage {
  licenseId: string;
  model: string;
  quantity: number | null;
  /** Seats, live sessions, hits this year, ticks (MB), counted objects or linked users. */
  used: number;
  /** Hits licenses: hits per day of the range asked for (days without hits are left out). */
  hitDays?: { day: string; hits: number }[];
  /** Hits licenses: hits per calendar year of the tenant. */
  hitYears?: { year: number; hits: number }[];
  /** Data licenses: every MB tick so far; ticks never expire. */
  totalTicks?: number;
  /** Data licenses: KB short of the next tick. */
  carriedKilobytes?: number;
  /** Data licenses: MB left of the quota; -1 when unlimited. */
  megabytesLeft?: number;
}

/** One business object of a volume license. */
export interface VolumeObject {
  id: string;
  licenseId: string;
  /** The application's own reference, unique per license. */
  ref: string;
  status: string;
  /** Whether its status is one the license counts. */
  counted: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A user an active-user license is linked to now. */
export interface LinkedUser {
  id: string;
  userId: string;
  linkedAt: string;
  lastAccessAt: string;
  /** When the link runs out unless the user comes back: the license returns to the pool. */
  expiresAt: string;
  daysLeft: number;
}
