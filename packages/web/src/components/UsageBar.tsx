import { isUnlimited, quantityText } from '../lib/license';

interface UsageBarProps {
  used: number;
  quantity: number | null;
  unlimited: boolean;
  percentUsed: number;
  thresholdReached?: boolean;
  thresholdPercent?: number | null;
  /** Larger numbers, for the license page's header. */
  large?: boolean;
  /** What the meter counts, for screen readers. */
  label?: string;
}

/** Seats used of the quantity, as numbers and a bar; the bar turns amber once the threshold is reached. */
export function UsageBar({ used, quantity, unlimited, percentUsed, thresholdReached = false, thresholdPercent = null, large = false, label = 'Seats used' }: UsageBarProps) {
  const endless = isUnlimited({ unlimited, quantity });
  const width = endless ? 0 : Math.min(100, Math.max(0, percentUsed));
  const tone = thresholdReached ? ' usage-warning' : '';
  const title = thresholdPercent === null ? undefined : `Threshold at ${thresholdPercent}%${thresholdReached ? ' (reached)' : ''}`;
  return (
    <div className={`usage${large ? ' usage-large' : ''}${tone}`} title={title}>
      <div className="usage-numbers">
        <span className="usage-count" data-testid="usage">
          {used} / {quantityText({ unlimited, quantity })}
        </span>
        <span className="usage-percent">{endless ? 'unlimited' : `${percentUsed}%`}</span>
      </div>
      <div
        className="usage-track"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={width}
        aria-valuetext={endless ? `${used} used, unlimited` : `${used} of ${quantity ?? 0} used`}
      >
        <div className="usage-fill" style={{ width: `${width}%` }} />
        {thresholdPercent !== null && !endless && <div className="usage-threshold" style={{ left: `${thresholdPercent}%` }} aria-hidden="true" />}
      </div>
    </div>
  );
}
