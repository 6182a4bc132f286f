import { useEffect, useState, type ReactElement } from 'react';
import type { BucketCorsRule } from '../../../../preload/contract';
import { call } from '../../api/call';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { useStore } from '../../store/store';
import { browserUploadRule } from './cors-preset';
import { DialogActions } from '../../components/DialogActions';

/** The rules as editable JSON, or what is wrong with the text. */
export function parseRules(text: string): { rules: BucketCorsRule[] } | { problem: string } {
  try {
    const value = JSON.parse(text || '[]') as unknown;
    if (!Array.isArray(value)) return { problem: 'The rules must be a JSON list: [ { … }, … ].' };
    return { rules: value as BucketCorsRule[] };
  } catch (err) {
    return { problem: `Not valid JSON: ${(err as Error).message}` };
  }
}

/** Bucket CORS: edit the rules, or add "allow browser uploads from <origin>" in one step. */
export function CorsDialog({ connectionId, bucket, onClose }: { connectionId: string; bucket: string; onClose(): void }): ReactElement {
  const [text, setText] = useState<string | null>(null);
  const [origin, setOrigin] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void call('getBucketCors', connectionId, bucket).then((result) => {
      if (result.ok) setText(JSON.stringify(result.value, null, 2));
      else setFailure(result.error.message);
    });
  }, [connectionId, bucket]);

  const parsed = parseRules(text ?? '[]');
  const problem = 'problem' in parsed ? parsed.problem : null;

  function addPreset(): void {
    const trimmed = origin.trim().replace(/\/+$/, '');
    if (!/^https?:\/\/[^/\s]+$|^\*$/.test(trimmed)) {
      setFailure('Enter an origin like https://example.com (scheme and host, no path), or * for any.');
      return;
    }
    setFailure(null);
    const rules = 'rules' in parsed ? parsed.rules : [];
    setText(JSON.stringify([...rules, browserUploadRule(trimmed)], null, 2));
  }

  async function save(): Promise<void> {
    if (!('rules' in parsed)) return;
    setBusy(true);
    const result = await call('putBucketCors', connectionId, bucket, parsed.rules);
    setBusy(false);
    if (result.ok) {
      useStore.getState().showNotice(`Saved the CORS rules of ${bucket}`);
      onClose();
    } else setFailure(result.error.message);
  }

  return (
    <Dialog
      title={`CORS of ${bucket}`}
      width="wide"
      onCancel={onClose}
      busy={busy}
      footer={
        <DialogActions
          action="Save"
          onCancel={onClose}
          onAction={() => void save()}
          busy={busy}
          disabled={text === null || problem !== null}
        />
      }
    >
      <p className="dialog-note">
        A web page can upload to a presigned link only if the bucket’s CORS rules allow the page’s origin; otherwise the browser refuses
        before sending anything.
      </p>
      <div className="share-row">
        <Field label="Origin">
          {(control) => (
            <input {...control} type="text" value={origin} placeholder="https://example.com" onChange={(e) => setOrigin(e.target.value)} />
          )}
        </Field>
        <button type="button" onClick={addPreset}>
          Allow browser uploads from this origin
        </button>
      </div>
      <Field label="CORS rules (JSON)" error={problem}>
        {(control) => (
          <textarea
            {...control}
            className="share-url"
            rows={10}
            value={text ?? ''}
            disabled={text === null}
            onChange={(e) => setText(e.target.value)}
            spellCheck={false}
          />
        )}
      </Field>
      {failure && (
        <p role="alert" className="dialog-error">
          {failure}
        </p>
      )}
    </Dialog>
  );
}
