import { AllotClient } from '@allot/sdk';

/** The SDK's refusal of a call (`status`, `code`, the problem body), as the CLI reports it. */
export { AllotApiError } from '@allot/sdk';
import { progress } from './progress.js';

export type Query = Record<string, string | number | boolean | undefined>;

/** A page of a list answer, as every list operation of the API gives it. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * The CLI's one way to the API: the SDK's client, and the walk over list pages. Every admin
 * command goes through here, so that a change of the client touches one file.
 */
export class Api {
  private readonly client: AllotClient;

  constructor(connection: { url: string; apiKey: string }) {
    this.client = new AllotClient({ baseUrl: connection.url, apiKey: connection.apiKey });
  }

  /** One call; throws the SDK's `AllotApiError` for a problem answer. */
  request<T>(method: string, path: string, body?: unknown, query: Query = {}): Promise<T> {
    return this.client.request<T>(method, path, body, query);
  }

  /**
   * Every item of a list, following `nextCursor` page after page (500 a page, the API's most),
   * counting them on a progress line when stderr is a terminal.
   */
  async all<T>(path: string, query: Query, what: string): Promise<T[]> {
    const items: T[] = [];
    const bar = progress(`Fetching ${what} {value}`);
    let cursor: string | undefined;
    try {
      do {
        const page = await this.request<Page<T>>('GET', path, undefined, { ...query, limit: 500, cursor });
        items.push(...page.items);
        bar?.update(items.length);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    } finally {
      bar?.stop();
    }
    return items;
  }
}

/** A path with its ids percent-encoded: path`/v1/tenants/${id}/users`. */
export function path(parts: TemplateStringsArray, ...ids: string[]): string {
  return parts.reduce((out, part, i) => out + part + (i < ids.length ? encodeURIComponent(ids[i] ?? '') : ''), '');
}
