import { Button, Group, Progress, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { hideNotification, notify } from '../../lib/notify';
import { getSession } from '../../lib/session';

/** The server's export of a loan list (apps/api/src/modules/exports): every matching loan, streamed. */
export const LOANS_CSV_URL = '/api/v1/exports/loans.csv';

type TFilterValue = string | number | boolean | readonly string[] | null | undefined;

/** A list filter as the query string of the export: arrays as repeated parameters, blanks left out. */
export function exportQuery(filters: Readonly<Record<string, TFilterValue>>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value === undefined || value === null || value === '') continue;
    for (const item of Array.isArray(value) ? value : [value]) query.append(name, String(item));
  }
  return query.toString();
}

interface TProgress {
  rows: number;
  bytes: number;
}

const LF = 10;
const countLines = (chunk: Uint8Array) => {
  let lines = 0;
  for (const byte of chunk) if (byte === LF) lines += 1;
  return lines;
};

const sizeText = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} kB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The filename the server suggests (`Content-Disposition`), or ours. */
function filenameOf(response: Response, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
  return match?.[1] ?? fallback;
}

/** The message of a refusal (`{ code, message }`, the REST error body), or the status. */
async function refusalOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { code?: string; message?: string };
    if (response.status === 401) return 'Your session has ended. Please sign in again.';
    return body.message ?? `The export failed (${response.status}).`;
  } catch {
    return `The export failed (${response.status}).`;
  }
}

/** Offers bytes as a file download. */
function saveFile(filename: string, parts: BlobPart[]) {
  const url = URL.createObjectURL(new Blob(parts, { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * "Export CSV" of a loan list: the server streams every loan matching the list's filters (keyset pages
 * underneath, however many there are), so the browser never pages through the API. The request starts at
 * once with the session's bearer token; rows are counted as they arrive (a progress line that screen
 * readers hear, and a Cancel button), and the file is offered when the last byte is in. A connection cut
 * short is an error, never a silently truncated file.
 */
export function CsvExportButton({
  filters,
  fileStem,
  label = 'Export CSV',
}: {
  filters: Readonly<Record<string, TFilterValue>>;
  fileStem: string;
  label?: string;
}) {
  const [progress, setProgress] = useState<TProgress | null>(null);
  const abort = useRef<AbortController | null>(null);
  const toast = useRef<string | null>(null);
  const query = exportQuery(filters);

  // A toast describes one filter's export: it goes when the filter changes or the list goes away, and
  // an export still running for the old filter is cancelled.
  useEffect(() => {
    void query;
    return () => {
      abort.current?.abort();
      if (toast.current) hideNotification(toast.current);
      toast.current = null;
    };
  }, [query]);

  const show = (data: Parameters<typeof notify>[0]) => {
    if (toast.current) hideNotification(toast.current);
    toast.current = notify(data);
  };

  const run = async () => {
    const controller = new AbortController();
    abort.current = controller;
    const seen: TProgress = { rows: 0, bytes: 0 };
    setProgress({ ...seen });
    try {
      const token = getSession()?.token;
      const response = await fetch(`${LOANS_CSV_URL}${query ? `?${query}` : ''}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
        signal: controller.signal,
      });
      if (!response.ok || !response.body) throw new Error(await refusalOf(response));
      // Fetch's chunks are views of plain ArrayBuffers (never shared memory): Blob parts as they are.
      const parts: BlobPart[] = [];
      const reader = response.body.getReader();
      let shownAt = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value as Uint8Array<ArrayBuffer>);
        seen.bytes += value.byteLength;
        seen.rows += countLines(value);
        if (Date.now() - shownAt > 150) {
          shownAt = Date.now();
          setProgress({ ...seen });
        }
      }
      const loans = Math.max(0, seen.rows - 1);
      saveFile(filenameOf(response, `${fileStem}-${new Date().toISOString().slice(0, 10)}.csv`), parts);
      show({
        color: 'green',
        title: 'CSV exported',
        message: `Exported ${loans.toLocaleString()} ${loans === 1 ? 'loan' : 'loans'}.`,
      });
    } catch (error) {
      if (controller.signal.aborted)
        show({ color: 'gray', title: 'Export cancelled', message: 'No file was saved.' });
      else
        show({
          color: 'red',
          title: 'Export failed',
          message:
            error instanceof TypeError
              ? 'The connection was lost before the file was complete; no file was saved. Try again.'
              : error instanceof Error
                ? error.message
                : String(error),
        });
    } finally {
      if (abort.current === controller) abort.current = null;
      setProgress(null);
    }
  };

  if (progress) {
    const loans = Math.max(0, progress.rows - 1);
    return (
      <Stack gap={4} miw={220} data-testid="csv-export-progress">
        <Group gap="xs" justify="space-between" wrap="nowrap">
          <Text size="xs" role="status" aria-live="polite">
            Exporting: {loans.toLocaleString()} {loans === 1 ? 'loan' : 'loans'} ({sizeText(progress.bytes)})
          </Text>
          <Button size="compact-xs" variant="subtle" onClick={() => abort.current?.abort()}>
            Cancel
          </Button>
        </Group>
        <Progress value={100} animated striped size="sm" aria-label="CSV export in progress" />
      </Stack>
    );
  }
  return (
    <Button variant="default" size="xs" onClick={() => void run()}>
      {label}
      <VisuallyHidden> of all loans matching the filters</VisuallyHidden>
    </Button>
  );
}
