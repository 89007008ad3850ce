import { useState, type ChangeEvent } from 'react';
import type { LoadedFile } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import { LicenseFilePreview } from './LicenseFilePreview';

interface LicenseFileUploadProps {
  tenantId: string;
  timeZone: string;
  onLoaded: (loaded: LoadedFile) => void;
}

/**
 * Creatio's Upload, with a look first: the picked file is checked and previewed by a dry run of the
 * load (the same refusals, nothing stored), and only Load stores it.
 */
export function LicenseFileUpload({ tenantId, timeZone, onLoaded }: LicenseFileUploadProps) {
  const [picked, setPicked] = useState<{ text: string; preview: LoadedFile } | null>(null);
  // A new key empties the file input after a load or a cancel.
  const [inputKey, setInputKey] = useState(0);
  const submit = useSubmit();

  const put = (text: string, dryRun: boolean) => ok(api.PUT('/v1/tenants/{t}/license-file', { params: { path: { t: tenantId }, query: { dryRun } }, body: text }));

  const onPick = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setPicked(null);
    if (file === undefined) return;
    void submit.run(async () => {
      const text = await file.text();
      setPicked({ text, preview: await put(text, true) });
    });
  };
  const reset = () => {
    setPicked(null);
    submit.clear();
    setInputKey((n) => n + 1);
  };
  const load = () =>
    submit.run(async () => {
      if (picked === null) return;
      const loaded = await put(picked.text, false);
      reset();
      onLoaded(loaded);
    });

  return (
    <div className="form-stack">
      <ProblemBanner problem={submit.problem} context="The license file cannot be loaded" />
      <Field label="License file" hint="The file your vendor sent (license.lic). It is checked and previewed first; nothing changes until you load it.">
        <input key={inputKey} type="file" accept=".lic,.txt,.loaded,text/plain" onChange={onPick} disabled={submit.busy} />
      </Field>
      {submit.busy && picked === null && <p className="muted">Checking the file…</p>}
      {picked !== null && (
        <>
          <LicenseFilePreview preview={picked.preview} timeZone={timeZone} />
          <div className="form-actions">
            <button type="button" className="button button-primary" onClick={() => void load()} disabled={submit.busy}>
              Load license file
            </button>
            <button type="button" className="button button-ghost" onClick={reset} disabled={submit.busy}>
              Cancel
            </button>
          </div>
        </>
      )}
    </div>
  );
}
