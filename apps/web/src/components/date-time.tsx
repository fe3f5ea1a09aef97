import { formatDate, formatDateTime } from '../lib/format';

/** A timestamp in the viewer's locale; hovering shows the exact UTC instant the API sent. */
export function DateTime({ iso, dateOnly = false }: { iso: string; dateOnly?: boolean }) {
  return (
    <time dateTime={iso} title={`${iso} (UTC)`}>
      {dateOnly ? formatDate(iso) : formatDateTime(iso)}
    </time>
  );
}
