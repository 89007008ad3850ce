import { useId } from 'react';
import { modelSpec } from '../lib/license-models';

interface QuantityFieldsProps {
  /** The license model: from its threshold on (if it has one) a quantity counts as unlimited. */
  model: string;
  quantity: string;
  unlimited: boolean;
  onQuantity: (value: string) => void;
  onUnlimited: (value: boolean) => void;
  error: string | undefined;
  /** What is counted: "Seats", "Concurrent users", "Hits per year", "Quota (GB)", … */
  label?: string;
  /** Under the input when nothing else needs saying. */
  hint?: string;
}

/** A quantity (seats, concurrent users, hits, GB, objects, pool size), or unlimited (∞), in one cell of a form grid. Slots of people count as unlimited from the model's threshold (100000) too. */
export function QuantityFields({ model, quantity, unlimited, onQuantity, onUnlimited, error, label = 'Seats', hint }: QuantityFieldsProps) {
  const inputId = useId();
  const noteId = useId();
  const unlimitedFrom = modelSpec(model).unlimitedFrom;
  const large = !unlimited && unlimitedFrom !== null && Number(quantity) >= unlimitedFrom;
  const note = error ?? (large ? 'Counts as unlimited (∞)' : hint);
  return (
    <div className={`field${error !== undefined ? ' field-invalid' : ''}`}>
      <label className="field-label" htmlFor={inputId}>
        {label}
      </label>
      <div className="quantity-row">
        <input
          id={inputId}
          name="quantity"
          type="number"
          min={0}
          step={1}
          required={!unlimited}
          disabled={unlimited}
          value={unlimited ? '' : quantity}
          placeholder={unlimited ? '∞' : undefined}
          aria-describedby={note === undefined ? undefined : noteId}
          aria-invalid={error === undefined ? undefined : true}
          onChange={(e) => onQuantity(e.target.value)}
        />
        <label className="check">
          <input type="checkbox" name="unlimited" checked={unlimited} onChange={(e) => onUnlimited(e.target.checked)} />
          <span>Unlimited</span>
        </label>
      </div>
      {note !== undefined && (
        <span id={noteId} className={error !== undefined ? 'field-error' : 'field-hint'}>
          {note}
        </span>
      )}
    </div>
  );
}
