/** One choice of a picker: a user or a group as the person recognises it. */
export interface PickerOption {
  id: string;
  label: string;
  /** A second line: the e-mail address, the member count. */
  detail?: string;
  /** Why it cannot be chosen here ("Assigned already"); shown next to it, its checkbox disabled. */
  unavailable?: string;
}

export interface PickerPage {
  items: PickerOption[];
  nextCursor: string | null;
}

/** Asks the server for the options matching `query`, one page from `cursor` (null for the first). */
export type PickerSearch = (query: string, cursor: string | null) => Promise<PickerPage>;
