import { formatInstant, Temporal } from './time.js';

/** The idle periods seat planning reports (SPEC 11): seats unused this long could be recalled. */
export const idleThresholdDays = [30, 60, 90] as const;
export type IdleThresholdDays = (typeof idleThresholdDays)[number];

export interface SeatUse {
  userId: string;
  /** When the user got the seat. */
  since: string;
  /** The last access check the seat answered, null when none since it was given. */
  lastAccessAt: string | null;
}

export interface Idleness {
  /** The last sign of use: the last access check through this seat, else the seat's start. */
  idleSince: string;
  /** The longest threshold the seat has been idle for. */
  idleForDays: IdleThresholdDays;
}

/**
 * The seat holders with no access check for 30, 60 or 90 tenant days (a seat given less than that
 * ago counts from when it was given), longest idle first: seats that could be recalled.
 *
 * @example
 * idleSeats([{ userId: 'usr_1', since: '2024-01-01T00:00:00.000Z', lastAccessAt: '2024-02-01T00:00:00.000Z' }], '2024-04-15T00:00:00.000Z', 'UTC')
 * // [{ userId: 'usr_1', …, idleSince: '2024-02-01T00:00:00.000Z', idleForDays: 60 }]
 */
export function idleSeats<T extends SeatUse>(seats: readonly T[], now: string, timeZone: string): (T & Idleness)[] {
  const today = Temporal.Instant.from(now).toZonedDateTimeISO(timeZone);
  // Descending, so the first threshold a seat passes is its longest.
  const cutoffs = [...idleThresholdDays].reverse().map((days) => ({ days, before: formatInstant(today.subtract({ days }).toInstant()) }));
  const idle: (T & Idleness)[] = [];
  for (const seat of seats) {
    // An access check before the seat was given (a seat recalled and given again) says nothing of this one.
    const idleSince = seat.lastAccessAt !== null && seat.lastAccessAt > seat.since ? seat.lastAccessAt : seat.since;
    const passed = cutoffs.find((c) => idleSince <= c.before);
    if (passed !== undefined) idle.push({ ...seat, idleSince, idleForDays: passed.days });
  }
  return idle.sort((a, b) => (a.idleSince < b.idleSince ? -1 : a.idleSince > b.idleSince ? 1 : a.userId < b.userId ? -1 : 1));
}
