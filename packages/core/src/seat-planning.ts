import TinyQueue from 'tinyqueue';
import { AllotError } from './errors.js';
import { formatInstant, Temporal } from './time.js';

/**
 * One recorded attempt to open a session on a module of a concurrent license: an admitted open
 * (through a free license, a grace period's lifted limit or a day code: all of them are demand for a
 * license) or a refusal from the denial log.
 */
export interface PlanningAttempt {
  module: string;
  /** When the session was asked for. Before the period: a session already live when it began. */
  at: string;
  admitted: boolean;
  /**
   * When an admitted session gave its license back: its close, or its expiry for one that timed
   * out; `null` while it is still live. Ignored for a refusal.
   */
  endedAt: string | null;
}

export interface PlanningInput {
  attempts: readonly PlanningAttempt[];
  /** Tenant calendar dates, both included. */
  from: string;
  to: string;
  timeZone: string;
  now: string;
  /** The share of attempts a recommendation may refuse, e.g. 0.01. */
  targetDenialRate: number;
}

export interface PlanningDayModule {
  module: string;
  /** Most sessions live at once on that day. */
  peak: number;
  /** Attempts refused on that day. */
  denials: number;
}

export interface PlanningLevels {
  module: string;
  /** `minutes[n]`: minutes of the period with exactly `n` sessions live on the module. */
  minutes: number[];
}

export interface PlanningCandidate {
  quantity: number;
  /** Attempts of the period the replay refuses with this many licenses per module. */
  refused: number;
  /** `refused / attempts`, 0 when there were no attempts. */
  refusedShare: number;
}

export interface SeatPlan {
  from: string;
  to: string;
  timeZone: string;
  /** Attempts made in the period (sessions live at its start are replayed but not counted). */
  attempts: number;
  /** Most sessions live at once on any module in the period. */
  peak: number;
  days: { date: string; modules: PlanningDayModule[] }[];
  levels: PlanningLevels[];
  /** Every quantity from 1 to twice the peak, and on to the recommendation if that lies beyond. */
  candidates: PlanningCandidate[];
  /** The smallest quantity refusing at most `targetDenialRate` of the attempts (0 without attempts). */
  recommendation: number;
  /**
   * A refused attempt never had a session, so the replay lets it hold one for the median length of
   * the module's admitted sessions (of all modules when it had none; an hour when nobody had one).
   */
  assumedMinutesPerRefusal: Record<string, number>;
}

/** The days a plan covers when asked for a longer period would not be a plan but an archive. */
export const maxPlanningDays = 400;

/**
 * The period of a plan from the query's tenant dates, both included, with the instants it spans in
 * the tenant's zone: a 400 naming the field when a date is not `YYYY-MM-DD`, when `to` is before
 * `from`, or when it spans more than `maxPlanningDays`.
 *
 * @example
 * planningPeriod('2024-01-01', '2024-03-31', 'UTC')
 * // { from: '2024-01-01', to: '2024-03-31', days: 91, startsAt: '2024-01-01T00:00:00.000Z', endsAt: '2024-04-01T00:00:00.000Z' }
 */
export function planningPeriod(from: string, to: string, timeZone: string): { from: string; to: string; days: number; startsAt: string; endsAt: string } {
  const first = calendarDate(from, 'from');
  const last = calendarDate(to, 'to');
  if (Temporal.PlainDate.compare(last, first) < 0) throw new AllotError('invalid_request', 'to must not be before from.', { field: 'to' });
  const days = first.until(last, { largestUnit: 'days' }).days + 1;
  if (days > maxPlanningDays) throw new AllotError('invalid_request', `A plan covers at most ${maxPlanningDays} days; this period has ${days}.`, { field: 'to' });
  const startsAt = formatInstant(first.toZonedDateTime({ timeZone }).toInstant());
  const endsAt = formatInstant(last.add({ days: 1 }).toZonedDateTime({ timeZone }).toInstant());
  return { from: first.toString(), to: last.toString(), days, startsAt, endsAt };
}

function calendarDate(text: string, field: string): Temporal.PlainDate {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    try {
      return Temporal.PlainDate.from(text, { overflow: 'reject' });
    } catch {
      // Falls through to the refusal: 2024-02-30 is no day.
    }
  }
  throw new AllotError('invalid_request', `${field} must be a calendar date, YYYY-MM-DD.`, { field });
}

const minuteMs = 60_000;
const fallbackHoldMs = 60 * minuteMs;

/**
 * Every attempt's instants in epoch milliseconds, parsed once, in columns (a year of history is a
 * million attempts: one object each would be most of the replay's work). `endedAt` is NaN for a
 * refusal and for a session still live.
 */
interface Timed {
  at: Float64Array;
  endedAt: Float64Array;
  admitted: Uint8Array;
  /** The attempts of each module, as indexes into the columns. */
  byModule: Map<string, number[]>;
}

/**
 * Each attempt of one module as the time it held (or, refused, would have held) a license, clipped
 * to the period, in columns; `order` lists them by start, attempts at the same instant in the order
 * they were given.
 */
interface Stays {
  start: Float64Array;
  end: Float64Array;
  /** Made inside the period: counted in the share. */
  counted: Uint8Array;
  admitted: Uint8Array;
  order: Int32Array;
}

/**
 * Replays the recorded opens and closes of a concurrent license's modules over tenant days
 * `from`..`to` (SPEC 11): per day the peak of live sessions and the denials per module, the minutes
 * at each level of use, and for each candidate quantity the share of attempts that would have been
 * refused. A quantity applies to each module on its own (Planon counts concurrent users per module).
 *
 * The replay assigns every attempt the lowest-numbered license free when it arrives, as if there were
 * no limit. Licenses 1..q then behave exactly as a license of quantity q would have (whether one of
 * them is free never depends on the higher ones), so an attempt is refused with quantity q exactly
 * when it got a number above q. One pass answers every candidate: O(n log n) in the attempts.
 *
 * @example
 * planSeats({ from: '2024-03-01', to: '2024-03-01', timeZone: 'UTC', now: '2024-03-02T00:00:00Z', targetDenialRate: 0,
 *   attempts: [
 *     { module: 'desk', at: '2024-03-01T09:00:00Z', admitted: true, endedAt: '2024-03-01T11:00:00Z' },
 *     { module: 'desk', at: '2024-03-01T10:00:00Z', admitted: false, endedAt: null },
 *   ] }).recommendation // 2
 */
export function planSeats(input: PlanningInput): SeatPlan {
  const dayStarts = dayBoundaries(input.from, input.to, input.timeZone);
  const periodStart = dayStarts[0] ?? 0;
  const periodEnd = Math.min(dayStarts[dayStarts.length - 1] ?? 0, Temporal.Instant.from(input.now).epochMilliseconds);
  const dates = datesBetween(input.from, input.to);

  const timed = parseAttempts(input.attempts);
  const holdMs = refusalHolds(timed, periodStart, periodEnd);

  const modules = [...timed.byModule.keys()].sort();
  const days = dates.map((date) => ({ date, modules: [] as PlanningDayModule[] }));
  const levels: PlanningLevels[] = [];
  const overflowCounts: number[] = []; // overflowCounts[k]: counted attempts that got license number k
  let attempts = 0;
  let peak = 0;

  for (const module of modules) {
    const stays = toStays(timed, timed.byModule.get(module) ?? [], periodStart, periodEnd, holdMs.get(module) ?? fallbackHoldMs);
    for (const counted of stays.counted) attempts += counted;
    const real = observe(stays, dayStarts, periodEnd);
    const refusedPerDay = denialsPerDay(stays, dayStarts);
    real.peaks.forEach((dayPeak, i) => days[i]?.modules.push({ module, peak: dayPeak, denials: refusedPerDay[i] ?? 0 }));
    levels.push({ module, minutes: real.levelMs.map((ms) => Math.round((ms / minuteMs) * 10) / 10) });
    for (const dayPeak of real.peaks) peak = Math.max(peak, dayPeak);
    firstFit(stays).forEach((count, k) => (overflowCounts[k] = (overflowCounts[k] ?? 0) + count));
  }

  const refusedAbove = suffixSums(overflowCounts); // refusedAbove[q]: attempts numbered above q
  const refusedWith = (quantity: number) => refusedAbove[quantity + 1] ?? 0;
  const share = (refused: number) => (attempts === 0 ? 0 : refused / attempts);
  let recommendation = 0;
  while (attempts > 0 && share(refusedWith(recommendation)) > input.targetDenialRate) recommendation += 1;
  const candidates: PlanningCandidate[] = [];
  for (let quantity = 1; quantity <= Math.max(2 * peak, recommendation); quantity += 1) {
    const refused = refusedWith(quantity);
    candidates.push({ quantity, refused, refusedShare: share(refused) });
  }

  return {
    from: input.from,
    to: input.to,
    timeZone: input.timeZone,
    attempts,
    peak,
    days,
    levels,
    candidates,
    recommendation,
    assumedMinutesPerRefusal: Object.fromEntries(modules.map((m) => [m, Math.round(((holdMs.get(m) ?? fallbackHoldMs) / minuteMs) * 10) / 10])),
  };
}

/** The start of each tenant day from `from` to the day after `to`, in epoch milliseconds. */
function dayBoundaries(from: string, to: string, timeZone: string): number[] {
  const last = Temporal.PlainDate.from(to).add({ days: 1 });
  const starts: number[] = [];
  for (let day = Temporal.PlainDate.from(from); Temporal.PlainDate.compare(day, last) <= 0; day = day.add({ days: 1 })) {
    starts.push(day.toZonedDateTime({ timeZone }).epochMilliseconds);
  }
  return starts;
}

function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  const last = Temporal.PlainDate.from(to);
  for (let day = Temporal.PlainDate.from(from); Temporal.PlainDate.compare(day, last) <= 0; day = day.add({ days: 1 })) dates.push(day.toString());
  return dates;
}

/**
 * Instants are stored as canonical UTC text, which the engine's parser reads ~50× faster than the
 * polyfill. An admitted session's end counts only for an admitted attempt.
 */
function parseAttempts(attempts: readonly PlanningAttempt[]): Timed {
  const at = new Float64Array(attempts.length);
  const endedAt = new Float64Array(attempts.length);
  const admitted = new Uint8Array(attempts.length);
  const byModule = new Map<string, number[]>();
  attempts.forEach((attempt, i) => {
    at[i] = Date.parse(attempt.at);
    endedAt[i] = attempt.admitted && attempt.endedAt !== null ? Date.parse(attempt.endedAt) : NaN;
    admitted[i] = attempt.admitted ? 1 : 0;
    const list = byModule.get(attempt.module);
    if (list === undefined) byModule.set(attempt.module, [i]);
    else list.push(i);
  });
  return { at, endedAt, admitted, byModule };
}

/**
 * The median length of each module's admitted sessions that ended inside the period; for a module
 * with none, that of all modules' sessions.
 */
function refusalHolds(timed: Timed, periodStart: number, periodEnd: number): Map<string, number> {
  const lengths = new Map<string, Float64Array>();
  for (const [module, list] of timed.byModule) {
    const own = new Float64Array(list.length);
    let count = 0;
    for (const i of list) {
      const at = timed.at[i] ?? NaN;
      const endedAt = timed.endedAt[i] ?? NaN;
      // NaN (no end) fails every comparison.
      if (at >= periodStart && endedAt <= periodEnd) own[count++] = endedAt - at;
    }
    lengths.set(module, own.subarray(0, count));
  }
  let overall: number | undefined;
  const ofAll = () => (overall ??= median(Float64Array.from([...lengths.values()].flatMap((own) => [...own]))) ?? fallbackHoldMs);
  return new Map([...lengths].map(([module, own]) => [module, median(own) ?? ofAll()]));
}

function median(values: Float64Array): number | null {
  if (values.length === 0) return null;
  const sorted = values.sort();
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** One module's attempts as stays (see `Stays`); attempts after the period, or refused before it, drop out. */
function toStays(timed: Timed, list: readonly number[], periodStart: number, periodEnd: number, holdMs: number): Stays {
  const start = new Float64Array(list.length);
  const end = new Float64Array(list.length);
  const counted = new Uint8Array(list.length);
  const admitted = new Uint8Array(list.length);
  let n = 0;
  for (const i of list) {
    const at = timed.at[i] ?? NaN;
    if (!(at < periodEnd)) continue;
    const isCounted = at >= periodStart;
    const isAdmitted = timed.admitted[i] === 1;
    if (!isCounted && !isAdmitted) continue;
    const endedAt = timed.endedAt[i] ?? NaN;
    const until = isAdmitted ? (Number.isNaN(endedAt) ? periodEnd : endedAt) : at + holdMs;
    if (!isCounted && until <= periodStart) continue;
    start[n] = Math.max(at, periodStart);
    end[n] = Math.max(start[n] ?? 0, Math.min(until, periodEnd));
    counted[n] = isCounted ? 1 : 0;
    admitted[n] = isAdmitted ? 1 : 0;
    n += 1;
  }
  const starts = start.subarray(0, n);
  return { start: starts, end: end.subarray(0, n), counted: counted.subarray(0, n), admitted: admitted.subarray(0, n), order: stableOrder(starts, periodStart) };
}

/** Whether typed arrays hold a number's low bytes first (they use the platform's byte order). */
const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * The indexes of `starts` in ascending order, equal starts in their given order. Each start (whole
 * milliseconds from the period's start, under 2^36 for 400 days) and its index (under 2^27) pack into
 * one 64-bit key, so the native numeric sort orders them without a comparison callback per pair.
 * The keys are written and read as two 32-bit words: no BigInt is made per key.
 */
function stableOrder(starts: Float64Array, periodStart: number): Int32Array {
  const keys = new BigUint64Array(starts.length);
  const words = new Uint32Array(keys.buffer);
  const [low, high] = littleEndian ? [0, 1] : [1, 0];
  starts.forEach((start, i) => {
    const offset = start - periodStart;
    words[2 * i + low] = (offset % 32) * 2 ** 27 + i;
    words[2 * i + high] = Math.floor(offset / 32);
  });
  keys.sort();
  const order = new Int32Array(starts.length);
  for (let i = 0; i < order.length; i++) order[i] = (words[2 * i + low] ?? 0) & 0x7ff_ffff;
  return order;
}

/** The real use: the peak per day and the milliseconds at each level of live sessions. */
function observe(stays: Stays, dayStarts: readonly number[], periodEnd: number): { peaks: number[]; levelMs: number[] } {
  // Each change as one number, `time * 2 + (start ? 1 : 0)`, so that a native numeric sort puts
  // ends before starts at the same instant (a license given back is free at that instant).
  const events = new Float64Array(stays.start.length * 2);
  let count = 0;
  stays.start.forEach((start, i) => {
    const end = stays.end[i] ?? 0;
    if (stays.admitted[i] !== 1 || end <= start) return;
    events[count++] = start * 2 + 1;
    events[count++] = end * 2;
  });
  const sorted = events.subarray(0, count).sort();
  const peaks = new Array<number>(Math.max(0, dayStarts.length - 1)).fill(0);
  const levelMs: number[] = [0];
  let live = 0;
  let day = 0;
  let since = dayStarts[0] ?? 0;
  const advanceTo = (time: number) => {
    levelMs[live] = (levelMs[live] ?? 0) + Math.max(0, Math.min(time, periodEnd) - since);
    since = Math.max(since, Math.min(time, periodEnd));
    while (day + 1 < dayStarts.length - 1 && time >= (dayStarts[day + 1] ?? Infinity)) {
      day += 1;
      peaks[day] = Math.max(peaks[day] ?? 0, live);
    }
  };
  for (const event of sorted) {
    const starts = event % 2 === 1;
    const time = (event - (starts ? 1 : 0)) / 2;
    advanceTo(time);
    live += starts ? 1 : -1;
    if (starts) peaks[day] = Math.max(peaks[day] ?? 0, live);
    // A session that ends at the very start of a day was not live on it (ends come first at an instant).
    else if (time === dayStarts[day]) peaks[day] = live;
  }
  advanceTo(periodEnd);
  return { peaks, levelMs: Array.from(levelMs, (ms) => ms ?? 0) };
}

function denialsPerDay(stays: Stays, dayStarts: readonly number[]): number[] {
  const counts = new Array<number>(Math.max(0, dayStarts.length - 1)).fill(0);
  let day = 0;
  for (const i of stays.order) {
    if (stays.admitted[i] === 1 || stays.counted[i] !== 1) continue;
    const start = stays.start[i] ?? 0;
    while (day + 1 < dayStarts.length - 1 && start >= (dayStarts[day + 1] ?? Infinity)) day += 1;
    counts[day] = (counts[day] ?? 0) + 1;
  }
  return counts;
}

/**
 * The lowest-numbered free license for every attempt, in order of arrival, with no limit; answers
 * how many counted attempts got each number (index 1 is the first license).
 */
function firstFit(stays: Stays): number[] {
  const numberOf = new Int32Array(stays.start.length); // the license each stay holds while busy
  const free = new TinyQueue<number>([], (a, b) => a - b);
  const ends = stays.end;
  const busy = new TinyQueue<number>([], (a, b) => (ends[a] ?? 0) - (ends[b] ?? 0)); // stays holding a license, soonest end first
  const got: number[] = [];
  let opened = 0;
  for (const i of stays.order) {
    const start = stays.start[i] ?? 0;
    const end = stays.end[i] ?? 0;
    while (busy.length > 0 && (stays.end[busy.peek() ?? 0] ?? Infinity) <= start) free.push(numberOf[busy.pop() ?? 0] ?? 0);
    const number = free.length > 0 ? (free.pop() ?? 0) : (opened += 1);
    numberOf[i] = number;
    if (end > start) busy.push(i);
    else free.push(number);
    if (stays.counted[i] === 1) got[number] = (got[number] ?? 0) + 1;
  }
  return Array.from(got, (count) => count ?? 0);
}

function suffixSums(counts: readonly number[]): number[] {
  const sums = new Array<number>(counts.length + 1).fill(0);
  for (let k = counts.length - 1; k >= 0; k -= 1) sums[k] = (sums[k + 1] ?? 0) + (counts[k] ?? 0);
  return sums;
}
