import type { Permission } from '@allot/core';
import { PageHeader } from './PageHeader';

export function Forbidden({ title, permission }: { title: string; permission: Permission }) {
  return (
    <>
      <PageHeader title={title} />
      <div className="banner banner-info">
        Your roles do not include the <code>{permission}</code> permission this page needs. Ask an owner of the tenant if you need it.
      </div>
    </>
  );
}
