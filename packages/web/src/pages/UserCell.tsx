import { IdText } from '../components/IdText';
import type { Directory } from '../hooks/useDirectory';

/** A user by name and email when the directory holds them, else by id. */
export function UserCell({ userId, directory }: { userId: string; directory: Pick<Directory, 'user'> }) {
  const user = directory.user(userId);
  if (user === undefined) return <IdText id={userId} />;
  return (
    <div className="cell-stack" title={userId}>
      <span className="strong">{user.name}</span>
      <span className="muted">{user.email}</span>
    </div>
  );
}
