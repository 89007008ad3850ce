import type { PagedList } from '../hooks/usePagedList';

/** Previous / Next page under a table; the API pages by cursor, so there is no page count. */
export function Pager({ list }: { list: PagedList<unknown> }) {
  if (!list.hasNext && !list.hasPrevious) return null;
  return (
    <nav className="pager" aria-label="Pagination">
      <button type="button" className="button button-small" onClick={list.previous} disabled={!list.hasPrevious || list.loading}>
        Previous page
      </button>
      <span className="pager-page">Page {list.pageNumber}</span>
      <button type="button" className="button button-small" onClick={list.next} disabled={!list.hasNext || list.loading}>
        Next page
      </button>
    </nav>
  );
}
