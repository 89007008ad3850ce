import { useCallback, useEffect, useState } from 'react';
import { problemFrom, type ShownProblem } from '../api/client';
import type { PickerOption, PickerSearch } from '../lib/picker';

export interface PickerResults {
  /** The pages asked for so far, for the query the person has stopped typing. */
  items: PickerOption[];
  /** The query these items answer. */
  query: string;
  loading: boolean;
  problem: ShownProblem | null;
  hasMore: boolean;
  /** Asks for the next page and adds it under the ones shown. */
  more: () => void;
}

/**
 * The server's answer to a picker's search box: asked once the typing has rested for `delayMs`,
 * page by page ("More results"), an answer for an older query dropped. `sourceKey` names what
 * `search` asks (the tenant, the license): another source starts again from the first page.
 */
export function usePickerSearch(sourceKey: string, typed: string, search: PickerSearch, delayMs = 250): PickerResults {
  const query = typed.trim();
  const key = JSON.stringify([sourceKey, query]);
  const [pages, setPages] = useState<{ key: string; query: string; items: PickerOption[]; nextCursor: string | null } | null>(null);
  // The cursor belongs to one query: another one starts from the first page.
  const [asked, setAsked] = useState<{ key: string; cursor: string | null }>({ key, cursor: null });
  const cursor = asked.key === key ? asked.cursor : null;
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let current = true;
    setLoading(true);
    // The first page waits for the typing to rest; a further page is asked at once.
    const timer = window.setTimeout(
      () => {
        search(query, cursor).then(
          (page) => {
            if (!current) return;
            setPages((before) => ({
              key,
              query,
              items: cursor !== null && before?.key === key ? [...before.items, ...page.items] : page.items,
              nextCursor: page.nextCursor,
            }));
            setProblem(null);
            setLoading(false);
          },
          (error: unknown) => {
            if (!current) return;
            setProblem(problemFrom(error));
            setLoading(false);
          },
        );
      },
      cursor === null ? delayMs : 0,
    );
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
    // `search` is a new closure each render; `key` and `cursor` say what it asks.
  }, [key, cursor, delayMs]);

  const nextCursor = pages?.key === key ? pages.nextCursor : null;
  const more = useCallback(() => {
    if (nextCursor !== null) setAsked({ key, cursor: nextCursor });
  }, [key, nextCursor]);

  return { items: pages?.items ?? [], query: pages?.query ?? '', loading, problem, hasMore: nextCursor !== null && !loading, more };
}
