import type { ReactNode } from 'react';
import type { ProductOverview } from '@allot/sdk/openapi';
import { Badge } from '../components/Badge';
import { LicenseStatusBadge } from '../components/LicenseStatusBadge';
import { Link } from '../components/Link';
import { availableText, modelLabel, quantityText, usageText } from '../lib/license';
import { routes } from '../lib/router';

interface ProductCardProps {
  tenantId: string;
  overview: ProductOverview;
  /** At the card's foot: what may be done with the product (Upgrade). */
  actions?: ReactNode;
}

/**
 * One product of the catalog (or a solution the tenant holds licenses of) as the tenant has it:
 * licensed or not, packages, licenses by name with their usage, slots per role.
 */
export function ProductCard({ tenantId, overview, actions }: ProductCardProps) {
  const { kind, code, name, licensed, through, packages, licenses, roles } = overview;
  const solutions = through.length === 0 ? null : `the solution${through.length > 1 ? 's' : ''} ${through.map((s) => s.name).join(', ')}`;
  const kindLabel = kind === 'solution' ? 'Solution' : 'Product';
  return (
    <article className={`product-card${licensed ? '' : ' is-unlicensed'}`} aria-label={`${kindLabel} ${name}`}>
      <header className="product-card-head">
        <div className="cell-stack">
          <span className="strong">{name}</span>
          <span className="muted">
            {kind === 'solution' && 'Solution · '}
            <span className="mono">{code}</span>
          </span>
        </div>
        {licensed ? <Badge tone="success">Licensed</Badge> : <Badge>Not licensed</Badge>}
      </header>
      {packages.length > 0 && (
        <div className="badge-list" aria-label="Packages">
          {packages.map((pkg) => (
            <Badge key={pkg} tone="accent">
              {pkg}
            </Badge>
          ))}
        </div>
      )}
      {solutions !== null && (
        <p className="muted product-card-through">
          {licenses.length === 0 ? 'Licensed' : 'Also licensed'} through {solutions}.
        </p>
      )}
      {licenses.length === 0 ? (
        solutions === null && <p className="muted product-card-empty">The tenant holds no license for it.</p>
      ) : (
        <ul className="product-licenses">
          {licenses.map((license) => (
            <li key={license.id}>
              <span className="product-license-name">
                <Link to={routes.license(tenantId, license.id)}>{license.name}</Link>
                <span className="mono muted">{license.code}</span>
              </span>
              <span className="product-license-usage" title={modelLabel(license.model)}>
                {usageText(license)}
              </span>
              <LicenseStatusBadge status={license.status} />
            </li>
          ))}
        </ul>
      )}
      {roles.length > 0 && (
        <table className="slots" aria-label={`Slots per role for ${name}`}>
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Slots</th>
              <th scope="col">Used</th>
              <th scope="col">Available</th>
            </tr>
          </thead>
          <tbody>
            {roles.map((slot, index) => (
              // One role may have several licenses, hence the index.
              <tr key={`${slot.role}:${index}`}>
                <td>{slot.role}</td>
                <td className="cell-number">{quantityText(slot)}</td>
                <td className="cell-number">{slot.used}</td>
                <td className="cell-number">{availableText(slot.available)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {actions !== undefined && actions !== null && actions !== false && <footer className="product-card-actions">{actions}</footer>}
    </article>
  );
}
