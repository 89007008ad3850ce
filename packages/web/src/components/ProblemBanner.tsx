import type { ShownProblem } from '../api/client';
import { problemSentence } from '../lib/form';

interface ProblemBannerProps {
  problem: ShownProblem | null;
  /** Shown before the server's detail, e.g. "Could not load users". */
  context?: string;
}

/** The server's own words for what went wrong, with the request id support will ask for. */
export function ProblemBanner({ problem, context }: ProblemBannerProps) {
  if (problem === null) return null;
  const field = typeof problem.field === 'string' && problem.field !== '' ? problem.field : null;
  return (
    <div className="banner banner-error" role="alert">
      <div className="banner-title">{context ?? problem.title}</div>
      <div className="banner-detail">
        {problemSentence(problem)}
        {field !== null && (
          <>
            {' '}
            <span className="banner-field">Field: {field}</span>
          </>
        )}
      </div>
      {problem.requestId !== '' && <div className="banner-meta">Request {problem.requestId}</div>}
    </div>
  );
}
