import { useCallback, useEffect, useId, useState, type ReactElement } from 'react';
import type { UnfinishedUpload } from '../../../../preload/contract';
import { call } from '../../api/call';
import { Dialog } from '../../components/Dialog';
import { formatDate, formatSize, plural } from '../../lib/format';
import { useStore } from '../../store/store';
import './UnfinishedUploadsDialog.css';

type Phase = { step: 'loading' } | { step: 'list'; uploads: UnfinishedUpload[] } | { step: 'failed'; message: string };

/**
 * A bucket's multipart uploads that were never completed or aborted (their parts still cost
 * storage, and no S3 console shows them): key, started, parts, bytes; abort some or all, confirmed.
 */
export function UnfinishedUploadsDialog({
  connectionId,
  bucket,
  onClose,
}: {
  connectionId: string;
  bucket: string;
  onClose(): void;
}): ReactElement {
  const [phase, setPhase] = useState<Phase>({ step: 'loading' });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState<UnfinishedUpload[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const questionId = useId();
  const showNotice = useStore((state) => state.showNotice);

  const load = useCallback(async () => {
    const result = await call('listUnfinishedUploads', connectionId, bucket);
    setPhase(result.ok ? { step: 'list', uploads: result.value } : { step: 'failed', message: result.error.message });
    setSelected(new Set());
  }, [connectionId, bucket]);

  useEffect(() => {
    void load();
  }, [load]);

  async function abort(uploads: UnfinishedUpload[]): Promise<void> {
    setBusy(true);
    const result = await call(
      'abortUnfinishedUploads',
      connectionId,
      bucket,
      uploads.map(({ key, uploadId }) => ({ key, uploadId })),
    );
    setBusy(false);
    setConfirming(null);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setError(null);
    showNotice(`Aborted ${plural(result.value.aborted, 'unfinished upload')}`);
    await load();
  }

  const uploads = phase.step === 'list' ? phase.uploads : [];
  const chosen = uploads.filter((u) => selected.has(u.uploadId));

  if (confirming) {
    const bytes = confirming.reduce((sum, u) => sum + u.bytes, 0);
    const tracked = confirming.filter((u) => u.tracked).length;
    return (
      <Dialog
        title="Abort unfinished uploads"
        onCancel={() => setConfirming(null)}
        busy={busy}
        describedBy={questionId}
        footer={
          <>
            <button type="button" onClick={() => setConfirming(null)} disabled={busy}>
              Cancel
            </button>
            <button type="button" className="danger" onClick={() => void abort(confirming)} disabled={busy} data-autofocus>
              Abort {plural(confirming.length, 'upload')}
            </button>
          </>
        }
      >
        <p id={questionId}>
          Abort {plural(confirming.length, 'unfinished upload')} in {bucket}? Their {formatSize(bytes)} of uploaded parts are deleted and
          cannot be resumed.
          {tracked > 0 && ` ${plural(tracked, 'upload')} still in Pail’s queue will fail.`}
        </p>
      </Dialog>
    );
  }

  return (
    <Dialog
      title={`Unfinished uploads in ${bucket}`}
      width="wide"
      onCancel={onClose}
      footer={
        <>
          <button type="button" className="danger" disabled={chosen.length === 0} onClick={() => setConfirming(chosen)}>
            Abort selected
          </button>
          <button type="button" className="danger" disabled={uploads.length === 0} onClick={() => setConfirming(uploads)}>
            Abort all
          </button>
          <button type="button" className="primary" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      {phase.step === 'loading' && <p>Loading…</p>}
      {phase.step === 'failed' && <p className="dialog-error">The unfinished uploads could not be listed: {phase.message}</p>}
      {error && <p className="dialog-error">{error}</p>}
      {phase.step === 'list' && uploads.length === 0 && <p>No unfinished uploads: nothing here is costing storage unseen.</p>}
      {uploads.length > 0 && (
        <table className="unfinished-table" aria-label="Unfinished uploads">
          <thead>
            <tr>
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label="Select all"
                  checked={chosen.length === uploads.length}
                  onChange={(event) => setSelected(new Set(event.target.checked ? uploads.map((u) => u.uploadId) : []))}
                />
              </th>
              <th scope="col">Key</th>
              <th scope="col">Started</th>
              <th scope="col">Parts</th>
              <th scope="col">Bytes</th>
            </tr>
          </thead>
          <tbody>
            {uploads.map((upload) => (
              <tr key={upload.uploadId}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${upload.key}`}
                    checked={selected.has(upload.uploadId)}
                    onChange={(event) => {
                      const next = new Set(selected);
                      if (event.target.checked) next.add(upload.uploadId);
                      else next.delete(upload.uploadId);
                      setSelected(next);
                    }}
                  />
                </td>
                <td className="unfinished-key" title={upload.key}>
                  {upload.key}
                  {upload.tracked && <span className="unfinished-tracked"> (in Pail’s queue)</span>}
                </td>
                <td>{formatDate(upload.initiated)}</td>
                <td>{upload.parts}</td>
                <td>{formatSize(upload.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}
