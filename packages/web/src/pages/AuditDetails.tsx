import { useState } from 'react';
import type { AuditEvent } from '@allot/sdk/openapi';
import { ChangeDiff } from '../components/ChangeDiff';
import { JsonView } from '../components/JsonView';

type View = 'changes' | 'json';

/** Before/after of one event, as a field diff or as the raw JSON. */
export function AuditDetails({ event }: { event: AuditEvent }) {
  const [view, setView] = useState<View>('changes');
  return (
    <div className="audit-details">
      <div className="segmented" role="group" aria-label="Detail view">
        <button type="button" className={view === 'changes' ? 'is-active' : undefined} aria-pressed={view === 'changes'} onClick={() => setView('changes')}>
          Changes
        </button>
        <button type="button" className={view === 'json' ? 'is-active' : undefined} aria-pressed={view === 'json'} onClick={() => setView('json')}>
          JSON
        </button>
        <span className="muted mono audit-ids">
          {event.id}
          {event.requestId !== null && ` · ${event.requestId}`}
        </span>
      </div>
      {view === 'changes' ? (
        <ChangeDiff before={event.before} after={event.after} />
      ) : (
        <div className="diff-json">
          <div>
            <div className="field-label">Before</div>
            <JsonView value={event.before} label="Before" />
          </div>
          <div>
            <div className="field-label">After</div>
            <JsonView value={event.after} label="After" />
          </div>
        </div>
      )}
    </div>
  );
}
