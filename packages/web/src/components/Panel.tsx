import { useEffect, useRef, type ReactNode } from 'react';
import { focusFirstField } from '../lib/focus';

interface PanelProps {
  title?: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  tone?: 'default' | 'danger';
  /** For tests and screen readers: names the region. */
  label?: string;
  /** A form the person just opened: its first field takes focus when the panel appears. */
  focusFirstField?: boolean;
}

export function Panel({ title, description, actions, children, tone = 'default', label, focusFirstField: focusOnOpen = false }: PanelProps) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (focusOnOpen && ref.current !== null) focusFirstField(ref.current);
    // Only when the panel appears (the prop is fixed per panel): a re-render must not pull focus back.
  }, [focusOnOpen]);
  return (
    <section ref={ref} className={`panel${tone === 'danger' ? ' panel-danger' : ''}`} aria-label={label ?? title}>
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
