import type { ShownProblem } from '../api/client';
import { ProblemBanner } from './ProblemBanner';

interface VolumeProblemBannerProps {
  problem: ShownProblem | null;
  /** Title for any other problem. */
  context?: string;
}

/**
 * 409 `volume_exceeded`, in plain words: the count is at the maximum, so the object was not
 * counted; objects over the maximum keep working, only new counted ones are refused.
 */
export function VolumeProblemBanner({ problem, context }: VolumeProblemBannerProps) {
  if (problem === null) return null;
  if (problem.code !== 'volume_exceeded') return <ProblemBanner problem={problem} context={context} />;
  const counted = typeof problem.counted === 'number' ? problem.counted : null;
  const quantity = typeof problem.quantity === 'number' ? problem.quantity : null;
  return (
    <div className="banner banner-error" role="alert" data-code={problem.code}>
      <div className="banner-title">Volume exceeded{counted !== null && quantity !== null ? `: ${counted} of ${quantity} counted` : ''}</div>
      <div className="banner-detail">{problem.detail}</div>
      <div className="banner-detail">Nothing was changed. Remove a counted object, move one to a status that is not counted, or ask for a larger license.</div>
      {problem.requestId !== '' && <div className="banner-meta">Request {problem.requestId}</div>}
    </div>
  );
}
