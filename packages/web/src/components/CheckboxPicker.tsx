import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { usePickerSearch } from '../hooks/usePickerSearch';
import type { PickerOption, PickerSearch } from '../lib/picker';
import { ProblemBanner } from './ProblemBanner';

interface CheckboxPickerProps {
  /** The search box's label: "Users to assign". */
  label: string;
  /** What one option is, singular and plural: ['user', 'users']. */
  noun: readonly [string, string];
  /** Asks the server for a page of matches (the list's `q`). */
  search: PickerSearch;
  /** Names what `search` asks (tenant, license, a version bumped after changes): another key asks again. */
  sourceKey: string;
  chosen: readonly PickerOption[];
  onChange: (chosen: PickerOption[]) => void;
  /** At most this many; with 1, choosing another replaces the choice. */
  max?: number;
  hint?: string;
}

function counted(n: number, [one, many]: readonly [string, string]): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Chooses users or groups among thousands: a search box that asks the server, the matches with
 * checkboxes page by page, and the chosen ones as removable chips with their count. Keyboard: ↓
 * from the box into the matches, ↑/↓/Home/End between them, Space (or Enter) to choose, Escape back
 * to the box and, in the box, to clear the search. Only one match is a tab stop, so Tab goes on to
 * "More results" and the chips.
 */
export function CheckboxPicker({ label, noun, search, sourceKey, chosen, onChange, max, hint }: CheckboxPickerProps) {
  const [typed, setTyped] = useState('');
  const [active, setActive] = useState(0);
  const results = usePickerSearch(sourceKey, typed, search);
  const inputRef = useRef<HTMLInputElement>(null);
  const optionsRef = useRef<HTMLUListElement>(null);
  const inputId = useId();
  const hintId = useId();
  const statusId = useId();
  const chosenId = useId();
  const chosenIds = new Set(chosen.map((option) => option.id));
  const full = max !== undefined && max > 1 && chosen.length >= max;
  const activeIndex = Math.min(active, Math.max(0, results.items.length - 1));

  const toggle = (option: PickerOption) => {
    if (option.unavailable !== undefined) return;
    if (chosenIds.has(option.id)) onChange(chosen.filter((c) => c.id !== option.id));
    else if (max === 1) onChange([option]);
    else if (!full) onChange([...chosen, option]);
  };
  const focusOption = (index: number) => {
    const boxes = optionsRef.current?.querySelectorAll<HTMLInputElement>('input[type="checkbox"]');
    const box = boxes?.[index];
    if (box === undefined) return;
    setActive(index);
    box.focus();
  };

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && results.items.length > 0) {
      event.preventDefault();
      focusOption(activeIndex);
    } else if (event.key === 'Escape' && typed !== '') {
      // Clears the search; only an empty box lets Escape through (to close a dialog).
      event.preventDefault();
      event.stopPropagation();
      setTyped('');
    } else if (event.key === 'Enter') {
      // The search asks as one types: Enter must not submit the form around it.
      event.preventDefault();
    }
  };
  const onOptionKey = (index: number, option: PickerOption) => (event: KeyboardEvent<HTMLInputElement>) => {
    const last = results.items.length - 1;
    const moves: Record<string, number> = { ArrowDown: Math.min(last, index + 1), ArrowUp: index - 1, Home: 0, End: last, PageDown: Math.min(last, index + 10), PageUp: Math.max(0, index - 10) };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      if (target < 0) inputRef.current?.focus();
      else focusOption(target);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      inputRef.current?.focus();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      toggle(option);
    }
  };

  const shown = counted(results.items.length, noun);
  const status = results.loading
    ? 'Searching…'
    : results.items.length === 0
      ? results.query === ''
        ? `No ${noun[1]} yet.`
        : `No ${noun[1]} match “${results.query}”.`
      : `${shown}${results.query === '' ? '' : ` matching “${results.query}”`}${results.hasMore ? ', more below' : ''}.`;

  return (
    <div className="picker">
      <label className="field-label" htmlFor={inputId}>
        {label}
      </label>
      <input
        ref={inputRef}
        id={inputId}
        type="search"
        className="picker-search"
        placeholder={`Search ${noun[1]}`}
        autoComplete="off"
        value={typed}
        aria-describedby={`${hint === undefined ? '' : `${hintId} `}${statusId}`}
        onChange={(event) => {
          setTyped(event.target.value);
          setActive(0);
        }}
        onKeyDown={onSearchKey}
      />
      {hint !== undefined && (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      )}
      <ProblemBanner problem={results.problem} context={`Could not search ${noun[1]}`} />
      <div className={`picker-results${results.loading ? ' is-loading' : ''}`} aria-busy={results.loading}>
        <p id={statusId} className="picker-status" role="status">
          {status}
        </p>
        {results.items.length > 0 && (
          <ul ref={optionsRef} className="picker-options" aria-label={`${label}: matches`}>
            {results.items.map((option, index) => {
              const checked = chosenIds.has(option.id);
              const disabled = option.unavailable !== undefined || (full && !checked);
              return (
                <li key={option.id} className={`picker-option${checked ? ' is-chosen' : ''}${disabled ? ' is-disabled' : ''}`}>
                  <label>
                    <input
                      type="checkbox"
                      checked={checked}
                      // aria-disabled rather than disabled: the arrow keys still reach it, and it says why.
                      aria-disabled={disabled}
                      tabIndex={index === activeIndex ? 0 : -1}
                      onChange={() => toggle(option)}
                      onFocus={() => setActive(index)}
                      onKeyDown={onOptionKey(index, option)}
                    />
                    <span className="picker-option-text">
                      <span className="picker-option-label">{option.label}</span>
                      {option.detail !== undefined && <span className="muted">{option.detail}</span>}
                    </span>
                    {option.unavailable !== undefined && <span className="badge">{option.unavailable}</span>}
                  </label>
                </li>
              );
            })}
          </ul>
        )}
        {results.hasMore && (
          <button type="button" className="button button-small picker-more" onClick={results.more}>
            More results
          </button>
        )}
      </div>
      <div className="picker-chosen" role="group" aria-labelledby={chosenId}>
        <span id={chosenId} className="picker-chosen-count" aria-live="polite">
          {chosen.length === 0 ? `No ${max === 1 ? noun[0] : noun[1]} chosen` : `${counted(chosen.length, noun)} chosen${full ? `, the most one change takes` : ''}`}
        </span>
        {chosen.length > 0 && (
          <ul className="picker-chips">
            {chosen.map((option) => (
              <li key={option.id} className="picker-chip">
                <span className="picker-chip-label" title={option.detail}>
                  {option.label}
                </span>
                <button type="button" className="picker-chip-remove" aria-label={`Remove ${option.label}`} onClick={() => onChange(chosen.filter((c) => c.id !== option.id))}>
                  ×
                </button>
              </li>
            ))}
            {chosen.length > 1 && (
              <li>
                <button type="button" className="button button-small button-ghost" onClick={() => onChange([])}>
                  Clear all
                </button>
              </li>
            )}
          </ul>
        )}
      </div>
    </div>
  );
}
