import { Temporal } from 'temporal-polyfill';
import { AllotError } from './errors.js';

export { Temporal };

/** Any fixed instant: asking a zone about it tells whether the zone exists, without reading the clock. */
const epoch = Temporal.Instant.fromEpochMilliseconds(0);

/**
 * True when `timeZone` is an IANA zone name the calendar library knows.
 *
 * @example
 * isValidTimeZone('Europe/Berlin') // true
 */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    epoch.toZonedDateTimeISO(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The instants Allot stores: years 1 to 9999 (UTC), whose canonical text has a four-digit year, so
 * that text order stays time order. The calendar library reaches ±275760 years; beyond this range
 * `+275760-09-13T00:00:00.000Z` would sort before `2024-…`.
 */
export const storableRange = { earliest: '0001-01-01T00:00:00.000Z', latest: '9999-12-31T23:59:59.999Z' } as const;

/** The canonical text of an instant when Allot can store it (see `storableRange`), else null. */
function storable(instant: Temporal.Instant): string | null {
  const text = formatInstant(instant);
  return /^\d{4}-/.test(text) && text >= storableRange.earliest ? text : null;
}

/**
 * The canonical text of an ISO 8601 instant Allot can store: null when the text is not an instant
 * or lies outside years 1 to 9999.
 *
 * @example
 * storableInstant('2024-03-06T11:00:00+01:00') // '2024-03-06T10:00:00.000Z'
 * storableInstant('+275760-09-13T00:00:00Z') // null
 */
export function storableInstant(text: string): string | null {
  const instant = parseInstant(text);
  return instant === null ? null : storable(instant);
}

/** Parses an ISO 8601 instant (`2024-03-06T10:00:00Z`); null when it is not one. */
export function parseInstant(text: string): Temporal.Instant | null {
  try {
    return Temporal.Instant.from(text);
  } catch {
    return null;
  }
}

/** `2024-03-06T10:00:00Z`, with or without a fraction: the form nearly every stored or sent instant has. */
const utcInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

/**
 * Milliseconds since the epoch of an ISO 8601 instant (any offset), or null when the text is not
 * one: `parseInstant(text)?.epochMilliseconds`, at a fraction of the cost for the UTC form. That
 * form is read with Date.parse when its date and time exist as written (Date.parse rolls
 * 30 February over into March, so only a text that reads back the same is taken); every other text
 * goes through the calendar library.
 *
 * @example
 * instantMillis('1970-01-01T00:00:01.5Z') // 1500
 * instantMillis('2026-02-30T00:00:00Z') // null
 */
export function instantMillis(text: string): number | null {
  if (utcInstant.test(text)) {
    const millis = Date.parse(text);
    if (Number.isFinite(millis) && new Date(millis).toISOString().slice(0, 19) === text.slice(0, 19)) return millis;
  }
  return parseInstant(text)?.epochMilliseconds ?? null;
}

/**
 * The canonical text (`formatInstant`) of an ISO 8601 instant, or null when the text is not one;
 * as cheap as `instantMillis` for the UTC form.
 *
 * @example
 * canonicalInstant('2024-03-06T11:00:00+01:00') // '2024-03-06T10:00:00.000Z'
 */
export function canonicalInstant(text: string): string | null {
  const millis = instantMillis(text);
  return millis === null ? null : new Date(millis).toISOString();
}

/** Canonical text of an instant: UTC, millisecond precision, so that text order is time order. */
export function formatInstant(instant: Temporal.Instant): string {
  return instant.toString({ smallestUnit: 'millisecond', timeZone: 'UTC' }).replace('+00:00', 'Z');
}

/**
 * An instant `seconds` later, in the canonical text. Elapsed seconds are exact on the time line (no
 * calendar or time zone is involved, unlike days or months: use `advanceInstant` for those), so
 * this adds them to the epoch milliseconds; on the hot path of every session, it costs a fraction
 * of a calendar library's parse and format.
 *
 * @example
 * addSeconds('2024-03-31T00:59:30.000Z', 90) // '2024-03-31T01:01:00.000Z'
 */
export function addSeconds(instantIso: string, seconds: number): string {
  const epochMs = Date.parse(instantIso);
  if (!Number.isFinite(epochMs) || !Number.isInteger(seconds)) throw new RangeError(`Cannot add ${seconds} seconds to ${instantIso}.`);
  return new Date(epochMs + seconds * 1000).toISOString();
}

/**
 * Moves an instant forward by an ISO 8601 duration in the tenant's time zone, so that `P1D`
 * across a daylight-saving change is one calendar day, not 24 hours. Null when the duration is
 * malformed or not positive, or when the result is not an instant Allot can store (`storableRange`).
 *
 * @example
 * advanceInstant('2024-01-31T10:00:00Z', 'P36D', 'Europe/Berlin') // '2024-03-07T10:00:00.000Z'
 */
export function advanceInstant(fromIso: string, duration: string, timeZone: string): string | null {
  let parsed: Temporal.Duration;
  try {
    parsed = Temporal.Duration.from(duration);
  } catch {
    return null;
  }
  if (parsed.sign <= 0) return null;
  const from = Temporal.Instant.from(fromIso).toZonedDateTimeISO(timeZone);
  try {
    return storable(from.add(parsed).toInstant());
  } catch {
    // Past the calendar library's range (`P300000Y`).
    return null;
  }
}

/** The calendar date of an instant in a time zone, e.g. the tenant's "today". */
export function dateIn(instantIso: string, timeZone: string): Temporal.PlainDate {
  return Temporal.Instant.from(instantIso).toZonedDateTimeISO(timeZone).toPlainDate();
}

/**
 * A time filter given in any offset, as the canonical UTC text logs are stored in; a 400 naming the
 * field when it is not an instant.
 */
export function instantFilter(text: string | undefined, field: string): string | undefined {
  if (text === undefined) return undefined;
  const instant = parseInstant(text);
  if (instant === null) throw new AllotError('invalid_request', `${field} must be an ISO 8601 instant.`, { field });
  return formatInstant(instant);
}
