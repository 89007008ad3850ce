import type { ShownProblem } from '../api/client';
import { ProblemBanner } from './ProblemBanner';

interface SeatProblemBannerProps {
  problem: ShownProblem | null;
  /** Title for any other problem. */
  context?: string;
  /** A user's email or name for their id, where the page knows it. */
  nameOf?: (userId: string) => string;
}

const titles: Record<string, string> = {
  seat_limit: 'Not enough free seats',
  quantity_below_usage: 'More seats are in use than that',
};

function userIdsOf(problem: ShownProblem): string[] {
  const ids = problem.userIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

/**
 * A refusal about seats (409 `seat_limit`, `quantity_below_usage`) with the server's sentence
 * ("License crm-named has 1 free seat; this change needs 3.") and the users it concerns.
 */
export function SeatProblemBanner({ problem, context, nameOf = (id) => id }: SeatProblemBannerProps) {
  if (problem === null) return null;
  const title = titles[problem.code];
  if (title === undefined) return <ProblemBanner problem={problem} context={context} />;
  const users = userIdsOf(problem);
  const shown = users.slice(0, 20).map(nameOf);
  const label = problem.code === 'seat_limit' ? 'Users who would need a seat' : 'Users holding seats';
  return (
    <div className="banner banner-error" role="alert" data-code={problem.code}>
      <div className="banner-title">{title}</div>
      <div className="banner-detail">{problem.detail}</div>
      {shown.length > 0 && (
        <div className="banner-detail">
          {label}: {shown.join(', ')}
          {users.length > shown.length && ` and ${users.length - shown.length} more`}
        </div>
      )}
      {problem.requestId !== '' && <div className="banner-meta">Request {problem.requestId}</div>}
    </div>
  );
}
