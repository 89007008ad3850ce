import { useState, type FormEvent } from 'react';
import type { AccessAnswer, User } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { useCatalogModules } from '../hooks/useCatalogModules';
import { useSubmit } from '../hooks/useSubmit';
import { fieldError } from '../lib/form';
import { AccessAnswerView } from './AccessAnswerView';

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
  const { refs } = useCatalogModules();
  const [userId, setUserId] = useState('');
  const [module, setModule] = useState('');
  const [answer, setAnswer] = useState<{ asked: string; answer: AccessAnswer } | null>(null);
  const submit = useSubmit();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const asked = `${users.find((u) => u.id === userId)?.email ?? userId} → ${module.trim()}`;
    void submit.run(async () => {
      const result = await ok(api.POST('/v1/tenants/{t}/access', { params: { path: { t: tenantId } }, body: { userId, module: module.trim() } }));
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
      {answer !== null && <AccessAnswerView tenantId={tenantId} asked={answer.asked} answer={answer.answer} licenseCode={licenseCode} />}
    </Panel>
  );
}
