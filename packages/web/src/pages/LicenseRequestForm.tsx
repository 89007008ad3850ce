import { useState, type FormEvent } from 'react';
import type { RequestFile } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import { fieldError, isFormProblem } from '../lib/form';
import { downloadText } from '../lib/license-file';

interface LicenseRequestFormProps {
  tenantId: string;
  customerCode: string;
  onGenerated: (request: RequestFile, fileName: string) => void;
}

const shownFields = ['companyId', 'targetVersion'];

/** Creatio's Request: a signed request file naming this installation, downloaded for the vendor, who answers with a license file bound to it. */
export function LicenseRequestForm({ tenantId, customerCode, onGenerated }: LicenseRequestFormProps) {
  const [companyId, setCompanyId] = useState('');
  const [targetVersion, setTargetVersion] = useState('');
  const submit = useSubmit();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const version = targetVersion.trim();
      const request = await ok(api.POST('/v1/tenants/{t}/license-request', { params: { path: { t: tenantId } }, body: { companyId: companyId.trim(), ...(version === '' ? {} : { targetVersion: version }) } }));
      const fileName = `${customerCode}-license-request.tlr`;
      downloadText(request.request, fileName);
      onGenerated(request, fileName);
    });
  };

  const problem = submit.problem;
  return (
    <form className="form" onSubmit={onSubmit} aria-label="Request a license file">
      {isFormProblem(problem, shownFields) && <ProblemBanner problem={problem} context="Could not generate the request file" />}
      <div className="form-grid">
        <Field label="Company ID" hint="The id your vendor gave you for licensing" error={fieldError(problem, 'companyId')}>
          <input name="companyId" required maxLength={100} autoComplete="off" value={companyId} onChange={(e) => setCompanyId(e.target.value)} />
        </Field>
        <Field label="Target version" hint="Optional: the product version you are updating to" error={fieldError(problem, 'targetVersion')}>
          <input name="targetVersion" maxLength={40} autoComplete="off" value={targetVersion} onChange={(e) => setTargetVersion(e.target.value)} />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Generate request file
        </button>
      </div>
    </form>
  );
}
