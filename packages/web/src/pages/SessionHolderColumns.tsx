import type { Session } from '@allot/sdk/openapi';
import { IdText } from '../components/IdText';
import type { Column } from '../components/Table';
import type { Directory } from '../hooks/useDirectory';
import { SessionModules } from './SessionModules';
import { UserCell } from './UserCell';

interface SessionHolderColumnsProps {
  tenantId: string;
  directory: Pick<Directory, 'user'>;
  licenseCode: (id: string) => string | undefined;
}

/** Who holds a session, and the session's id under it. */
export function SessionHolderCell({ userId, sessionId, directory }: { userId: string; sessionId: string; directory: Pick<Directory, 'user'> }) {
  return (
    <div className="cell-stack">
      <UserCell userId={userId} directory={directory} />
      <span className="muted session-id">
        Session <IdText id={sessionId} />
      </span>
    </div>
  );
}

/** The columns every session table opens with: who holds the session (and its id), and its modules. */
export function sessionHolderColumns({ tenantId, directory, licenseCode }: SessionHolderColumnsProps): Column<Session>[] {
  return [
    {
      header: 'User',
      cell: (session) => <SessionHolderCell userId={session.userId} sessionId={session.id} directory={directory} />,
    },
    { header: 'Modules', cell: (session) => <SessionModules tenantId={tenantId} modules={session.modules} licenseCode={licenseCode} /> },
  ];
}
