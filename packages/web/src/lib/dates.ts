// Calendar days in the tenant's zone, for license validity. A date given to the API means the start
// of that day for validFrom and the end of it (the next day's start) for validUntil.

const dayFormats = new Map<string, Intl.DateTimeFormat>();
const isoFormats = new Map<string, Intl.DateTimeFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();

function cached(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, make: (zone: string) => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = cache.get(timeZone);
  if (format === undefined) {
    try {
      format = make(timeZone);
    } catch {
      format = make('UTC');
    }
    cache.set(timeZone, format);
  }
  return format;
}

const dayFormat = (zone: string) => cached(dayFormats, zone, (timeZone) => new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: 'short', year: 'numeric' }));
// en-CA writes dates as YYYY-MM-DD, the value a date input takes.
const isoFormat = (zone: string) => cached(isoFormats, zone, (timeZone) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }));
const timeFormat = (zone: string) => cached(timeFormats, zone, (timeZone) => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }));

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

function isMidnight(date: Date, timeZone: string): boolean {
  return timeFormat(timeZone).format(date) === '00:00:00';
}

/** The last day a bound covers: the day itself for a start, the day before a midnight end. */
function dayOf(date: Date, which: 'from' | 'until', timeZone: string): Date {
  return which === 'until' && isMidnight(date, timeZone) ? new Date(date.getTime() - 1) : date;
}

/** "01 Mar 2024" (with the time when the bound is not at midnight); an end reads as its last day. */
export function formatBound(iso: string | null, which: 'from' | 'until', timeZone: string): string {
  if (iso === null) return '—';
  const date = parse(iso);
  if (date === null) return iso;
  const day = dayFormat(timeZone).format(dayOf(date, which, timeZone));
  return isMidnight(date, timeZone) ? day : `${day}, ${timeFormat(timeZone).format(date)}`;
}

/** The `YYYY-MM-DD` a date input shows for a bound, the inverse of what the API makes of a date. */
export function dateInputValue(iso: string | null, which: 'from' | 'until', timeZone: string): string {
  if (iso === null) return '';
  const date = parse(iso);
  return date === null ? '' : isoFormat(timeZone).format(dayOf(date, which, timeZone));
}

/** The time of day of an instant in the zone, "11:05:00". */
export function timeOfDay(iso: string, timeZone: string): string {
  const date = parse(iso);
  return date === null ? iso : timeFormat(timeZone).format(date);
}

/** The calendar day of an instant in the zone, "06 Mar 2024". */
export function dayText(iso: string, timeZone: string): string {
  const date = parse(iso);
  return date === null ? iso : dayFormat(timeZone).format(date);
}

/** Whether two instants fall on the same calendar day in the zone. */
export function sameDay(a: number, b: number, timeZone: string): boolean {
  return isoFormat(timeZone).format(new Date(a)) === isoFormat(timeZone).format(new Date(b));
}

// Calendar dates without a time (`2025-01-30`), as the API gives device terms and hit days. They are
// already days of the tenant's calendar, so they are read and written in UTC, never shifted by a zone.

const calendarPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function calendarMs(date: string): number | null {
  const match = calendarPattern.exec(date);
  if (match === null) return null;
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

/** The tenant's calendar day of an instant (ms), `2024-03-06`. */
export function isoDay(ms: number, timeZone: string): string {
  return isoFormat(timeZone).format(new Date(ms));
}

/** "30 Jan 2025" for `2025-01-30`. */
export function calendarDayText(date: string): string {
  const ms = calendarMs(date);
  return ms === null ? date : dayFormat('UTC').format(new Date(ms));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const a = calendarMs(from);
  const b = calendarMs(to);
  return a === null || b === null ? 0 : Math.round((b - a) / 86_400_000);
}

/** The first and the last day of the month `date` falls in. */
export function monthOf(date: string): { from: string; to: string } {
  const match = calendarPattern.exec(date);
  if (match === null) return { from: date, to: date };
  const [, year, month] = match;
  const last = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  return { from: `${year}-${month}-01`, to: `${year}-${month}-${String(last).padStart(2, '0')}` };
}

/** The calendar day `days` after `date` (before it when negative), `2024-03-06` + 1 → `2024-03-07`. */
export function addDays(date: string, days: number): string {
  const ms = calendarMs(date);
  return ms === null ? date : new Date(ms + days * 86_400_000).toISOString().slice(0, 10);
}

const partFormats = new Map<string, Intl.DateTimeFormat>();
const partFormat = (zone: string) =>
  cached(partFormats, zone, (timeZone) => new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }));

/** How far the zone's wall clock is ahead of UTC at an instant, in ms (Berlin in winter: 3,600,000). */
function zoneOffsetMs(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of partFormat(timeZone).formatToParts(new Date(ms))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return wall - Math.floor(ms / 1000) * 1000;
}

const localInputPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A `datetime-local` input's value read as a wall time in the zone, as the instant the API wants;
 * undefined when empty or not such a value. A time the zone skips (a DST gap) moves forward.
 *
 * @example
 * instantFromZonedInput('2024-03-06T10:00', 'Europe/Berlin') // '2024-03-06T09:00:00.000Z'
 */
export function instantFromZonedInput(value: string, timeZone: string): string | undefined {
  const match = localInputPattern.exec(value);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second] = match;
  const wall = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second ?? 0));
  // The offset at the wall time read as UTC is close; once more at the first guess settles it.
  const guess = wall - zoneOffsetMs(wall, timeZone);
  return new Date(wall - zoneOffsetMs(guess, timeZone)).toISOString();
}
