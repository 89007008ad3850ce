import { useCallback, useEffect, useState } from 'react';
import { api, ok, problemFrom, type ShownProblem } from '../api/client';

/** What every list of the API answers: a page of items and the cursor of the next (null on the last). */
interface ListPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** The page a list asks the API for: its size, and where it starts (none for the first). */
export interface PageQuery {
  limit: number;
  cursor?: string;
}

export interface PagedList<T> {
  items: T[];
  problem: ShownProblem | null;
  loading: boolean;
  /** 1 for the first page. */
  pageNumber: number;
  hasNext: boolean;
  hasPrevious: boolean;
  next: () => void;
  previous: () => void;
  /** Loads the current page again, after a change on it. */
  reload: () => void;
}

/**
 * One page of a `{items, nextCursor}` list at a time. The API pages forward only, so the cursors
 * of the pages seen are kept to go back. `filters` are what the list depends on (the tenant, the
 * filters shown): new ones start again from the first page.
 *
 * @example
 * usePagedList([tenant.id], (page) => ok(api.GET('/v1/tenants/{t}/groups', { params: { path: { t: tenant.id }, query: page } })));
 */
export function usePagedList<T>(filters: readonly unknown[], load: (page: PageQuery) => Promise<ListPage<T>>, pageSize = 25): PagedList<T> {
  const filterKey = JSON.stringify([filters, pageSize]);
  // The cursors belong to one set of filters; other filters mean the first page.
  const [trail, setTrail] = useState<{ key: string; cursors: (string | null)[] }>({ key: filterKey, cursors: [null] });
  const cursors = trail.key === filterKey ? trail.cursors : [null];
  const [page, setPage] = useState<ListPage<T> | null>(null);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);

  const cursor = cursors[cursors.length - 1] ?? null;
  useEffect(() => {
    let current = true;
    setLoading(true);
    load(cursor === null ? { limit: pageSize } : { limit: pageSize, cursor }).then(
      (answer) => {
        if (!current) return;
        setPage(answer);
        setProblem(null);
        setLoading(false);
      },
      (error: unknown) => {
        if (!current) return;
        setProblem(problemFrom(error));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
    // filterKey stands for the filters and pageSize; `load` is a new closure each render.
  }, [filterKey, cursor, generation]);

  const nextCursor = page?.nextCursor ?? null;
  const next = useCallback(() => {
    if (nextCursor !== null) setTrail({ key: filterKey, cursors: [...cursors, nextCursor] });
  }, [filterKey, cursors, nextCursor]);
  const previous = useCallback(() => {
    if (cursors.length > 1) setTrail({ key: filterKey, cursors: cursors.slice(0, -1) });
  }, [filterKey, cursors]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);

  return {
    items: page?.items ?? [],
    problem,
    loading,
    pageNumber: cursors.length,
    hasNext: nextCursor !== null,
    hasPrevious: cursors.length > 1,
    next,
    previous,
    reload,
  };
}
