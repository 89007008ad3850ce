import type { AccessAnswer } from '@allot/sdk/openapi';
import { Badge } from '../components/Badge';
import { IdText } from '../components/IdText';
import { Link } from '../components/Link';
import { accessCodeLabel, accessCodeMeaning, accessCodeTone } from '../lib/access';
import { routes } from '../lib/router';

/** Where to look next for the codes that have a log or a list of their own. */
function followUp(tenantId: string, code: string): { to: string; label: string } | null {
  if (code === 'concurrency_limit') return { to: routes.sessions(tenantId), label: 'See who holds it' };
  if (code === 'grace_excess') return { to: routes.excess(tenantId), label: 'See the excess-usage log' };
  if (code === 'day_code') return { to: routes.dayCodes(tenantId), label: 'See the day-code log' };
  return null;
}

interface AccessAnswerViewProps {
  tenantId: string;
  asked: string;
  answer: AccessAnswer;
  licenseCode: (id: string) => string | undefined;
}

/** The answer: allowed or not, the code with what it means, the license it came from. */
export function AccessAnswerView({ tenantId, asked, answer, licenseCode }: AccessAnswerViewProps) {
  const meaning = accessCodeMeaning(answer.code);
  const next = followUp(tenantId, answer.code);
  const verdict = !answer.allowed ? 'Denied' : answer.code === 'grace_excess' ? 'Allowed (excess)' : 'Allowed';
  return (
    <div className={`access-answer ${answer.code === 'grace_excess' ? 'is-excess' : answer.allowed ? 'is-allowed' : 'is-denied'}`} role="status" aria-label="Access answer">
      <div className="access-answer-line">
        <Badge tone={accessCodeTone(answer.code, answer.allowed)}>{verdict}</Badge>
        <span className="strong">{accessCodeLabel(answer.code)}</span>
        <span className="mono muted" data-testid="access-code">
          {answer.code}
        </span>
        <span className="muted">{asked}</span>
        {answer.licenseId !== null && (
          <span className="access-license">
            license{' '}
            <Link to={routes.license(tenantId, answer.licenseId)} className="mono">
              {licenseCode(answer.licenseId) ?? <IdText id={answer.licenseId} />}
            </Link>
          </span>
        )}
      </div>
      {(meaning !== undefined || next !== null) && (
        <div className="access-meaning">
          {meaning}
          {next !== null && (
            <>
              {' '}
              <Link to={next.to}>{next.label}</Link>
            </>
          )}
        </div>
      )}
    </div>
  );
}
