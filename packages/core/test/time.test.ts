import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { toCsv } from '../src/csv.js';
import { decodeCursor, encodeCursor } from '../src/cursor.js';
import { parseModuleRef } from '../src/module-ref.js';
import { clockTarget, tenantNow } from '../src/tenant.js';
import { addSeconds, advanceInstant, canonicalInstant, dateIn, formatInstant, instantMillis, isValidTimeZone, parseInstant, storableInstant, Temporal } from '../src/time.js';

describe('time', () => {
  it.each([
    ['2024-01-31T10:00:00Z', 'P36D', 'UTC', '2024-03-07T10:00:00.000Z'],
    ['2024-01-31T10:00:00Z', 'P1M', 'UTC', '2024-02-29T10:00:00.000Z'],
    ['2024-03-30T09:00:00Z', 'P1D', 'Europe/Berlin', '2024-03-31T08:00:00.000Z'],
    ['2024-03-30T09:00:00Z', 'PT24H', 'Europe/Berlin', '2024-03-31T09:00:00.000Z'],
    ['2024-10-26T10:00:00Z', 'P1D', 'Europe/Berlin', '2024-10-27T11:00:00.000Z'],
    ['2023-12-31T23:30:00Z', 'PT45M', 'UTC', '2024-01-01T00:15:00.000Z'],
  ])('advances %s by %s in %s to %s', (from, duration, zone, expected) => {
    expect(advanceInstant(from, duration, zone)).toBe(expected);
  });

  it.each([
    ['2024-03-31T00:59:30.000Z', 90, '2024-03-31T01:01:00.000Z'],
    ['2023-12-31T23:59:59.999Z', 1, '2024-01-01T00:00:00.999Z'],
    ['2024-02-28T23:55:00.000Z', 600, '2024-02-29T00:05:00.000Z'],
    ['2024-06-01T12:00:00.000Z', 0, '2024-06-01T12:00:00.000Z'],
  ])('adds seconds to %s + %i = %s, agreeing with the calendar library', (from, seconds, expected) => {
    expect(addSeconds(from, seconds)).toBe(expected);
    expect(advanceInstant(from, `PT${seconds}S`, 'Europe/Berlin') ?? from).toBe(expected);
  });

  it('refuses to add seconds to what is not an instant, or a fraction of a second', () => {
    expect(() => addSeconds('yesterday', 60)).toThrow(RangeError);
    expect(() => addSeconds('2024-06-01T12:00:00.000Z', 1.5)).toThrow(RangeError);
  });

  it.each(['', 'P', '1D', '-P1D', 'PT0S', 'P1Y-2D', 'tomorrow', 'P300000Y', 'P8000Y', 'PT9999999999999H', 'PT99999999999H'])('refuses the duration %j', (duration) => {
    expect(advanceInstant('2024-01-01T00:00:00Z', duration, 'UTC')).toBeNull();
  });

  it.each([
    ['2024-03-06T11:00:00+01:00', '2024-03-06T10:00:00.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
    ['+275760-09-13T00:00:00Z', null],
    ['+010000-01-01T00:00:00Z', null],
    ['0000-12-31T23:59:59Z', null],
    ['-000001-01-01T00:00:00Z', null],
    ['2024-13-01T00:00:00Z', null],
    ['soon', null],
  ])('stores the instant %j as %j (four-digit years keep text order time order)', (text, stored) => {
    expect(storableInstant(text)).toBe(stored);
  });

  it.each<[string, { advanceBy: string } | { to: string }, unknown]>([
    ['advances by a duration', { advanceBy: 'P36D' }, { outcome: 'moved', to: '2024-03-07T10:00:00.000Z' }],
    ['moves to an instant', { to: '2024-03-06T11:00:00+01:00' }, { outcome: 'moved', to: '2024-03-06T10:00:00.000Z' }],
    ['stays where it is', { to: '2024-01-31T10:00:00Z' }, { outcome: 'moved', to: '2024-01-31T10:00:00.000Z' }],
    ['never moves back', { to: '2024-01-01T00:00:00Z' }, { outcome: 'backwards', to: '2024-01-01T00:00:00.000Z' }],
    ['refuses a duration beyond the calendar', { advanceBy: 'P300000Y' }, { outcome: 'invalid', field: 'advanceBy' }],
    ['refuses a duration past year 9999', { advanceBy: 'P8000Y' }, { outcome: 'invalid', field: 'advanceBy' }],
    ['refuses a malformed duration', { advanceBy: 'soon' }, { outcome: 'invalid', field: 'advanceBy' }],
    ['refuses the last instant of the calendar', { to: '+275760-09-13T00:00:00Z' }, { outcome: 'invalid', field: 'to' }],
    ['refuses what is not an instant', { to: '2024-02-30T00:00:00Z' }, { outcome: 'invalid', field: 'to' }],
  ])('a test clock %s', (_case, move, expected) => {
    expect(clockTarget('2024-01-31T10:00:00.000Z', move, 'UTC')).toMatchObject(expected as object);
  });

  it('knows time zones without reading the clock', () => {
    const now = vi.spyOn(Temporal.Now, 'instant').mockImplementation(() => {
      throw new Error('core read the clock');
    });
    const date = vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('core read the clock');
    });
    try {
      expect(isValidTimeZone('Europe/Berlin')).toBe(true);
      expect(isValidTimeZone('America/Los_Angeles')).toBe(true);
      expect(isValidTimeZone('UTC')).toBe(true);
      expect(isValidTimeZone('Mars/Olympus')).toBe(false);
      expect(now).not.toHaveBeenCalled();
    } finally {
      now.mockRestore();
      date.mockRestore();
    }
  });

  it('takes the calendar date in the tenant zone', () => {
    expect(dateIn('2024-12-31T23:30:00Z', 'Europe/Berlin').toString()).toBe('2025-01-01');
    expect(dateIn('2024-12-31T23:30:00Z', 'UTC').toString()).toBe('2024-12-31');
    expect(dateIn('2025-01-01T03:00:00Z', 'America/Los_Angeles').toString()).toBe('2024-12-31');
  });

  it.each([
    ['2026-03-01T12:00:00Z', Date.UTC(2026, 2, 1, 12)],
    ['2026-03-01T12:00:00.5Z', Date.UTC(2026, 2, 1, 12, 0, 0, 500)],
    ['2026-03-01T12:00:00.123999999Z', Date.UTC(2026, 2, 1, 12, 0, 0, 123)],
    ['2026-03-01T13:00:00+01:00', Date.UTC(2026, 2, 1, 12)],
    ['2026-03-01t12:00:00z', Date.UTC(2026, 2, 1, 12)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['1969-12-31T23:59:59.9995Z', -1],
    ['0000-01-01T00:00:00Z', -62_167_219_200_000],
    // Date.parse would take these (rolled over into March, or the next day); they are no instants.
    ['2026-02-29T00:00:00Z', null],
    ['2026-02-30T00:00:00Z', null],
    ['2026-04-31T00:00:00Z', null],
    ['2026-03-01T24:00:00Z', null],
    ['2026-03-01T12:00:00', null],
    ['2026-03-01', null],
    ['tomorrow', null],
  ])('reads %s as %s ms since the epoch, as the calendar library does', (text, expected) => {
    const millis = instantMillis(text);
    expect(millis).toBe(expected);
    expect(millis).toBe(parseInstant(text)?.epochMilliseconds ?? null);
  });

  it('reads every instant as the calendar library does, and writes its canonical text', () => {
    const anyInstant = fc.oneof(
      fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }),
      fc.date({ min: new Date('-200000-01-01T00:00:00Z'), max: new Date('+200000-01-01T00:00:00Z'), noInvalidDate: true }),
    );
    fc.assert(
      fc.property(anyInstant, fc.integer({ min: 0, max: 999_999 }), fc.constantFrom('Z', '+00:00', '+05:30', '-11:00'), (date, nanos, offset) => {
        const instant = Temporal.Instant.fromEpochMilliseconds(date.getTime()).add({ nanoseconds: nanos });
        const text = offset === 'Z' ? instant.toString() : instant.toString({ timeZone: offset });
        const parsed = parseInstant(text);
        expect(instantMillis(text)).toBe(parsed?.epochMilliseconds ?? null);
        expect(canonicalInstant(text)).toBe(parsed === null ? null : formatInstant(parsed));
      }),
      { numRuns: 2000 },
    );
  });

  it('formats instants so that text order is time order', () => {
    const instant = parseInstant('2024-03-06T10:00:00+01:00');
    expect(instant && formatInstant(instant)).toBe('2024-03-06T09:00:00.000Z');
    expect(parseInstant('2024-13-01T00:00:00Z')).toBeNull();
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });

  it('reads a sandbox tenant its test clock and a live tenant the real clock', () => {
    expect(tenantNow({ mode: 'sandbox', clock: '2024-01-31T00:00:00.000Z' }, '2026-11-22T00:00:00.000Z')).toBe('2024-01-31T00:00:00.000Z');
    expect(tenantNow({ mode: 'live', clock: null }, '2026-11-22T00:00:00.000Z')).toBe('2026-11-22T00:00:00.000Z');
  });
});

describe('text formats', () => {
  it('writes CSV with quoting and defuses spreadsheet formulas', () => {
    expect(toCsv(['a', 'b'], [{ a: 'x,y', b: 'say "hi"' }, { a: '=SUM(A1)', b: null }, { a: ['r1', 'r2'], b: 2 }])).toBe(
      'a,b\r\n"x,y","say ""hi"""\r\n\'=SUM(A1),\r\n"[""r1"",""r2""]",2\r\n',
    );
  });

  it('round-trips cursors and refuses foreign ones', () => {
    expect(decodeCursor(encodeCursor('usr_01abcdefghjkmnpqrstvwxyz0'))).toBe('usr_01abcdefghjkmnpqrstvwxyz0');
    expect(decodeCursor('bm90LWFuLWlk')).toBeNull();
    expect(decodeCursor('%%')).toBeNull();
  });

  it('parses product:module references', () => {
    expect(parseModuleRef('finance:reports')).toEqual({ product: 'finance', module: 'reports' });
    expect(parseModuleRef('finance')).toBeNull();
    expect(parseModuleRef('a:b:c')).toBeNull();
    expect(parseModuleRef('Finance:Reports')).toEqual({ product: 'Finance', module: 'Reports' });
  });
});
