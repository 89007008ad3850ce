/**
 * A long prefixed id shortened to its kind and its last characters (`ten_…b7kt9x2q`). Ids begin
 * with a timestamp, so ids made close together share their start and differ at the end. The full
 * id is in the tooltip.
 */
export function IdText({ id }: { id: string }) {
  const cut = id.indexOf('_');
  const short = id.length > 16 && cut > 0 ? `${id.slice(0, cut + 1)}…${id.slice(-8)}` : id;
  return (
    <span className="id-text mono" title={id}>
      {short}
    </span>
  );
}
