import { dayText, sameDay, timeOfDay } from '../lib/dates';
import { formatInstant } from '../lib/format';

interface MomentProps {
  iso: string;
  timeZone: string;
  /** The tenant's now: an instant of that day shows its time only. */
  nowMs: number;
}

/** An instant in a narrow table cell: the time, and the day under it unless it is today; the full instant in the tooltip. */
export function Moment({ iso, timeZone, nowMs }: MomentProps) {
  const at = Date.parse(iso);
  const today = !Number.isNaN(at) && sameDay(at, nowMs, timeZone);
  return (
    <span className="moment" title={formatInstant(iso, timeZone)}>
      <time dateTime={iso}>{timeOfDay(iso, timeZone)}</time>
      {!today && <span className="muted moment-day">{dayText(iso, timeZone)}</span>}
    </span>
  );
}
