import { Link } from '../components/Link';
import { PageHeader } from '../components/PageHeader';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" description="There is no console page at this address." />
      <Link to="/" className="button">
        Go to the start page
      </Link>
    </>
  );
}
