import type { PendingSeatChange } from '../hooks/useSeatChange';
import { seats } from '../lib/license';

interface SeatPreviewProps {
  change: PendingSeatChange;
  userLabel: (id: string) => string;
  busy: boolean;
  /** The button that makes the change: "Confirm", or "Apply" after a recall. */
  confirmLabel?: string;
  onConfirm: () => void;
  onCancel: () => void;
}

function names(ids: readonly string[], userLabel: (id: string) => string): string {
  const shown = ids.slice(0, 12).map(userLabel).join(', ');
  return ids.length > 12 ? `${shown} and ${ids.length - 12} more` : shown;
}

/** The answer of a dry run, in one sentence, with Confirm to make the change. */
export function SeatPreview({ change, userLabel, busy, confirmLabel = 'Confirm', onConfirm, onCancel }: SeatPreviewProps) {
  const { outcome } = change;
  const free = outcome.seatsFree === null ? 'unlimited free' : `${outcome.seatsFree} free`;
  const parts: string[] = [];
  if (outcome.added.length > 0) parts.push(`Needs ${seats(outcome.seatsNeeded)}, ${free}; adds: ${names(outcome.added, userLabel)}`);
  if (outcome.removed.length > 0) parts.push(`${parts.length === 0 ? 'Frees' : 'frees'} ${seats(outcome.removed.length)}: ${names(outcome.removed, userLabel)}`);
  const sentence = parts.length === 0 ? 'Changes no seats.' : `${parts.join('; ')}.`;
  return (
    <section className="banner banner-info seat-preview" aria-label="Preview">
      <div className="banner-title">Preview: {change.label}</div>
      <div className="banner-detail" data-testid="seat-preview">
        {sentence}
      </div>
      <div className="banner-meta-plain">
        Afterwards {outcome.used} used, {outcome.available === null ? 'unlimited' : outcome.available} free.
      </div>
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={onConfirm} disabled={busy}>
          {confirmLabel}
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </section>
  );
}
