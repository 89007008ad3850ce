import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { AccessAnswer } from '../api/license-types';
import { paths } from '../api/paths';
import type { Page, Product, User } from '../api/types';
import { Badge } from '../components/Badge';
import { Field } from '../components/Field';
import { IdText } from '../components/IdText';
import { Link } from '../components/Link';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { useLoad } from '../hooks/useLoad';
import { useSubmit } from '../hooks/useSubmit';
import { fieldError } from '../lib/form';
import { routes } from '../lib/router';

interface TestAccessPanelProps {
  tenantId: string;
  users: readonly User[];
  /** A license's code for its id, where the page knows it. */
  licenseCode: (id: string) => string | undefined;
  /** Called after a denial, which the server has just logged. */
  onDenied: () => void;
}

/** Asks the access check an application would make (POST /access) for one user and module. */
export function TestAccessPanel({ tenantId, users, licenseCode, onDenied }: TestAccessPanelProps) {
  const catalog = useLoad<Page<Product>>('access-modules', () => api.get<Page<Product>>(paths.products, { limit: 500 }));
  const refs = catalog.data?.items.flatMap((product) => product.modules.map((module) => `${product.code}:${module.code}`)) ?? [];
  const [userId, setUserId] = useState('');
  const [module, setModule] = useState('');
  const [answer, setAnswer] = useState<{ asked: string; answer: AccessAnswer } | null>(null);
  const submit = useSubmit();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const asked = `${users.find((u) => u.id === userId)?.email ?? userId} → ${module.trim()}`;
    void submit.run(async () => {
      const result = await api.post<AccessAnswer>(paths.access(tenantId), { userId, module: module.trim() });
      setAnswer({ asked, answer: result });
      if (!result.allowed) onDenied();
    });
  };

  return (
    <Panel title="Test access" description="Runs the access check an application makes. A denial is written to the log below.">
      <form className="form-inline" onSubmit={onSubmit} aria-label="Test access">
        <Field label="User" error={fieldError(submit.problem, 'userId')}>
          <select name="userId" required value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">Choose a user</option>
            {users.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name} — {user.email}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Module" hint="product:module" error={fieldError(submit.problem, 'module')}>
          <input name="module" className="mono" required list="access-module-refs" value={module} onChange={(e) => setModule(e.target.value)} />
        </Field>
        <datalist id="access-module-refs">
          {refs.map((ref) => (
            <option key={ref} value={ref} />
          ))}
        </datalist>
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Check access
        </button>
      </form>
      <ProblemBanner problem={submit.problem} context="The check failed" />
      {answer !== null && (
        <div className={`access-answer ${answer.answer.allowed ? 'is-allowed' : 'is-denied'}`} role="status" aria-label="Access answer">
          <Badge tone={answer.answer.allowed ? 'success' : 'danger'}>{answer.answer.allowed ? 'Allowed' : 'Denied'}</Badge>
          <span className="mono strong" data-testid="access-code">
            {answer.answer.code}
          </span>
          <span className="muted">{answer.asked}</span>
          {answer.answer.licenseId !== null && (
            <span className="access-license">
              license{' '}
              <Link to={routes.license(tenantId, answer.answer.licenseId)} className="mono">
                {licenseCode(answer.answer.licenseId) ?? <IdText id={answer.answer.licenseId} />}
              </Link>
            </span>
          )}
        </div>
      )}
    </Panel>
  );
}
