import { sql, type RawBuilder } from 'kysely';

/**
 * PostgreSQL, in a statement: whether each of `scopes` still has the generation at the same place
 * in `generations` (`cache_generations`), so that what was read at them still holds. Both are
 * placeholders of a compiled statement, bound to a text and a float8 array.
 */
export function generationsUnchanged(scopes: readonly string[], generations: readonly number[]): RawBuilder<boolean> {
  return sql<boolean>`(select count(*) from cache_generations c join unnest(${scopes}::text[], ${generations}::float8[]) as g(scope, generation) on c.scope = g.scope and c.generation = g.generation) = cardinality(${scopes}::text[])`;
}
