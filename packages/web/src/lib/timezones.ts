/** IANA zones this browser knows, for the time-zone suggestions; the server checks the value. */
export function knownTimeZones(): string[] {
  try {
    return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
  } catch {
    return ['UTC'];
  }
}
