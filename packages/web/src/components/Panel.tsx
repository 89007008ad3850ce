import type { ReactNode } from 'react';

interface PanelProps {
  title?: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  tone?: 'default' | 'danger';
  /** For tests and screen readers: names the region. */
  label?: string;
}

export function Panel({ title, description, actions, children, tone = 'default', label }: PanelProps) {
  return (
    <section className={`panel${tone === 'danger' ? ' panel-danger' : ''}`} aria-label={label ?? title}>
      {(title !== undefined || actions !== undefined) && (
        <div className="panel-header">
          <div>
            {title !== undefined && <h2>{title}</h2>}
            {description !== undefined && <p className="panel-description">{description}</p>}
          </div>
          {actions !== undefined && <div className="panel-actions">{actions}</div>}
        </div>
      )}
      <div className="panel-body">{children}</div>
    </section>
  );
}
