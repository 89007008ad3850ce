import { useCallback, useEffect, useState } from 'react';
import { api, problemFrom, type Query } from '../api/client';
import type { Page, Problem } from '../api/types';

export interface PagedList<T> {
  items: T[];
  problem: Problem | null;
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
 * of the pages seen are kept to go back. New filters start again from the first page.
 */
export function usePagedList<T>(path: string, query: Query = {}, pageSize = 25): PagedList<T> {
  const filterKey = JSON.stringify([path, query, pageSize]);
  // The cursors belong to one set of filters; other filters mean the first page.
  const [trail, setTrail] = useState<{ key: string; cursors: (string | null)[] }>({ key: filterKey, cursors: [null] });
  const cursors = trail.key === filterKey ? trail.cursors : [null];
  const [page, setPage] = useState<Page<T> | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);

  const cursor = cursors[cursors.length - 1] ?? null;
  useEffect(() => {
    let current = true;
    setLoading(true);
    api.get<Page<T>>(path, { ...query, limit: pageSize, cursor }).then(
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
    // filterKey stands for path, query and pageSize.
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
