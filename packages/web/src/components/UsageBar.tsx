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
  /** The figure in the license's own units ("12 MB / 2 GB"); plain counts when absent. */
  shown?: { used: string; quantity: string; unit?: string | undefined; spoken: string };
}

/** Usage of the quantity, as numbers and a bar; the bar turns amber once the threshold is reached. */
export function UsageBar({ used, quantity, unlimited, percentUsed, thresholdReached = false, thresholdPercent = null, large = false, label = 'Seats used', shown }: UsageBarProps) {
  const endless = isUnlimited({ unlimited, quantity });
  const width = endless ? 0 : Math.min(100, Math.max(0, percentUsed));
  const tone = thresholdReached ? ' usage-warning' : '';
  const title = thresholdPercent === null ? undefined : `Threshold at ${thresholdPercent}%${thresholdReached ? ' (reached)' : ''}`;
  const figure = shown === undefined ? `${used} / ${quantityText({ unlimited, quantity })}` : `${shown.used} / ${shown.quantity}`;
  const spoken = shown?.spoken ?? (endless ? `${used} used, unlimited` : `${used} of ${quantity ?? 0} used`);
  return (
    <div className={`usage${large ? ' usage-large' : ''}${tone}`} title={title}>
      <div className="usage-numbers">
        <span className="usage-count" data-testid="usage">
          {figure}
        </span>
        <span className="usage-percent">{endless ? 'unlimited' : `${percentUsed}%`}</span>
      </div>
      <div className="usage-track" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={width} aria-valuetext={spoken}>
        <div className="usage-fill" style={{ width: `${width}%` }} />
        {thresholdPercent !== null && !endless && <div className="usage-threshold" style={{ left: `${thresholdPercent}%` }} aria-hidden="true" />}
      </div>
      {shown?.unit !== undefined && <span className="usage-unit">{shown.unit}</span>}
    </div>
  );
}
