import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { paths } from '../api/paths';
import { webhookEventTypes, type IssuedWebhook, type WebhookEventType } from '../api/webhook-types';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import { fieldError, isFormProblem } from '../lib/form';

interface NewWebhookFormProps {
  /** null for a vendor webhook. */
  tenantId: string | null;
  /** A vendor admin may point a webhook anywhere; a tenant's admins at public addresses only. */
  publicOnly: boolean;
  onCreated: (webhook: IssuedWebhook) => void;
  onCancel: () => void;
}

export function NewWebhookForm({ tenantId, publicOnly, onCreated, onCancel }: NewWebhookFormProps) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(['license.threshold_reached', 'license.expiring', 'license.expired']);
  const submit = useSubmit();

  const toggle = (type: WebhookEventType, on: boolean) => setEvents(webhookEventTypes.map(([t]) => t).filter((t) => (t === type ? on : events.includes(t))));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => onCreated(await api.post<IssuedWebhook>(paths.webhooks(tenantId), { url: url.trim(), events })));
  };

  const eventsError = fieldError(submit.problem, 'events');
  return (
    <form className="form" onSubmit={onSubmit} aria-label="New webhook">
      {isFormProblem(submit.problem, ['url', 'events']) && <ProblemBanner problem={submit.problem} context="Could not add the webhook" />}
      <div className="form-grid">
        <Field
          label="URL"
          wide
          hint={publicOnly ? 'http or https, at a public address (not this network, not localhost)' : 'http or https; the vendor may point a webhook anywhere'}
          error={fieldError(submit.problem, 'url')}
        >
          <input name="url" type="text" inputMode="url" placeholder="https://hooks.example.com/allot" maxLength={2048} value={url} onChange={(e) => setUrl(e.target.value)} required />
        </Field>
      </div>
      <fieldset className={`role-picker${eventsError !== undefined ? ' field-invalid' : ''}`}>
        <legend className="field-label">Events</legend>
        <div className="role-options webhook-events">
          {webhookEventTypes.map(([type, meaning]) => (
            <label key={type} className="check" title={meaning}>
              <input type="checkbox" checked={events.includes(type)} onChange={(e) => toggle(type, e.target.checked)} />
              <span className="mono">{type}</span>
            </label>
          ))}
        </div>
        {eventsError !== undefined && <span className="field-error">{eventsError}</span>}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Add webhook
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
