/**
 * The keys of a record over an API enum, in the order written. Written as `Record<Enum, …>`, the
 * record must name every member the generated types list: a value the server adds is a compile
 * error until the console says what it shows for it.
 *
 * @example
 * keysOf({ month: 'Monthly', year: 'Yearly' } satisfies Record<Contract['billingPeriod'], string>) // ['month', 'year']
 */
export function keysOf<Key extends string>(record: Record<Key, unknown>): Key[] {
  // Object.keys widens to string[]; the record's type says which keys it has.
  return Object.keys(record) as Key[];
}
