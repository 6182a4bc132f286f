import { useEffect, useState, type ReactElement } from 'react';
import type { PresignRequest, PresignResult } from '../../../../preload/contract';
import { call, callOrAlert } from '../../api/call';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { baseName } from '../../store/location';
import { useStore } from '../../store/store';
import { customExpiry, durationText, EXPIRY_UNITS, localTimeText, utcText, type ExpiryUnit } from './expiry-text';
import { usePublicUrl } from './ObjectShareActions';
import { ProtectedLinkForm } from './ProtectedLinkForm';
import { QrCode } from './QrCode';
import './ShareDialog.css';

/** The object a Share dialog is about. */
export interface ShareTarget {
  connectionId: string;
  bucket: string;
  objectKey: string;
}

const PRESETS: { label: string; seconds: number }[] = [
  { label: '15 minutes', seconds: 900 },
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86_400 },
  { label: '7 days', seconds: 604_800 },
];

/** What the form asks for; a link is signed again whenever it changes. */
interface ShareForm {
  kind: 'GET' | 'PUT';
  preset: string;
  customAmount: string;
  customUnit: ExpiryUnit;
  forceDownload: boolean;
  downloadAs: string;
  responseContentType: string;
  uploadContentType: string;
}

/** The request a form describes, or the sentence saying why it cannot be a presigned link. */
export function requestOf(target: ShareTarget, form: ShareForm): { request: PresignRequest } | { problem: string } {
  let seconds: number;
  if (form.preset === 'custom') {
    const custom = customExpiry(form.customAmount, form.customUnit);
    if ('problem' in custom) return custom;
    seconds = custom.seconds;
  } else {
    seconds = Number(form.preset);
  }
  const request: PresignRequest = {
    connectionId: target.connectionId,
    bucket: target.bucket,
    keys: [target.objectKey],
    method: form.kind,
    expiresIn: seconds,
  };
  if (form.kind === 'GET' && form.forceDownload && form.downloadAs.trim()) request.downloadAs = form.downloadAs.trim();
  if (form.kind === 'GET' && form.responseContentType.trim()) request.responseContentType = form.responseContentType.trim();
  if (form.kind === 'PUT' && form.uploadContentType.trim()) request.contentType = form.uploadContentType.trim();
  return { request };
}

/** Re-renders every second, for the live countdown. */
function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * Share…: a download or upload link for one object, with its expiry (presets or 1 second to 7
 * days), the absolute time it ends (local and UTC) counting down, a forced download name, a
 * locked upload Content-Type with the curl command that works, Copy, a QR code, and the
 * object's public URL where there is one.
 */
export function ShareDialog({ target, onClose }: { target: ShareTarget; onClose(): void }): ReactElement {
  const defaultExpiry = useStore((state) => state.settings.linkExpirySeconds);
  const name = baseName(target.objectKey);
  const [form, setForm] = useState<ShareForm>(() => ({
    kind: 'GET',
    preset: PRESETS.some((p) => p.seconds === defaultExpiry) ? String(defaultExpiry) : 'custom',
    customAmount: String(defaultExpiry / 3600),
    customUnit: 'hours',
    forceDownload: false,
    downloadAs: name,
    responseContentType: '',
    uploadContentType: '',
  }));
  const [result, setResult] = useState<PresignResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const [protectedMode, setProtectedMode] = useState(false);
  const publicUrl = usePublicUrl(target);
  const now = useNow();
  const update = (patch: Partial<ShareForm>) => setForm((current) => ({ ...current, ...patch }));

  const built = requestOf(target, form);
  const problem = 'problem' in built ? built.problem : null;
  const requestJson = 'request' in built && !protectedMode ? JSON.stringify(built.request) : null;

  useEffect(() => {
    setCopied(null);
    if (!requestJson) {
      setResult(null);
      return;
    }
    let current = true;
    // Typing a custom expiry or a file name should not sign a link per keystroke.
    const timer = setTimeout(() => {
      void call('presignLinks', JSON.parse(requestJson) as PresignRequest).then((answer) => {
        if (!current) return;
        setResult(answer.ok ? answer.value : null);
        setFailure(answer.ok ? null : answer.error.message);
      });
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [requestJson]);

  async function copy(text: string, what: string): Promise<void> {
    const done = await callOrAlert('writeClipboard', text);
    if (done.ok) {
      setCopied(what);
      useStore.getState().showNotice(`Copied the ${what} to the clipboard`);
    }
  }

  const url = result?.links[0]?.url ?? '';
  const expiresAt = result ? new Date(result.expiresAt) : null;
  const left = expiresAt ? Math.round((expiresAt.getTime() - now.getTime()) / 1000) : 0;

  return (
    <Dialog
      title={`Share ${name}`}
      width="wide"
      onCancel={onClose}
      footer={
        <button type="button" className="primary" onClick={onClose}>
          Done
        </button>
      }
    >
      <fieldset className="share-kind">
        <legend>Link</legend>
        <label>
          <input
            type="radio"
            name="share-kind"
            checked={form.kind === 'GET' && !protectedMode}
            onChange={() => {
              setProtectedMode(false);
              update({ kind: 'GET' });
            }}
            data-autofocus
          />
          Download link
        </label>
        <label>
          <input
            type="radio"
            name="share-kind"
            checked={form.kind === 'PUT' && !protectedMode}
            onChange={() => {
              setProtectedMode(false);
              update({ kind: 'PUT' });
            }}
          />
          Upload link
        </label>
        <label>
          <input type="radio" name="share-kind" checked={protectedMode} onChange={() => setProtectedMode(true)} />
          Protected link
        </label>
      </fieldset>
      {protectedMode ? (
        <ProtectedLinkForm target={target} />
      ) : (
        <>
          <Field label="Expires after">
            {(control) => (
              <select {...control} value={form.preset} onChange={(e) => update({ preset: e.target.value })}>
                {PRESETS.map((preset) => (
                  <option key={preset.seconds} value={String(preset.seconds)}>
                    {preset.label}
                  </option>
                ))}
                <option value="custom">Custom…</option>
              </select>
            )}
          </Field>
          {form.preset === 'custom' && (
            <div className="share-custom">
              <Field label="Custom expiry" error={problem}>
                {(control) => (
                  <input
                    {...control}
                    type="number"
                    min={1}
                    value={form.customAmount}
                    onChange={(e) => update({ customAmount: e.target.value })}
                  />
                )}
              </Field>
              <Field label="Unit">
                {(control) => (
                  <select {...control} value={form.customUnit} onChange={(e) => update({ customUnit: e.target.value as ExpiryUnit })}>
                    {Object.keys(EXPIRY_UNITS).map((unit) => (
                      <option key={unit} value={unit}>
                        {unit}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
          )}

          {form.kind === 'GET' ? (
            <>
              <label className="share-check">
                <input type="checkbox" checked={form.forceDownload} onChange={(e) => update({ forceDownload: e.target.checked })} />
                Force download
              </label>
              {form.forceDownload && (
                <Field label="Save as">
                  {(control) => (
                    <input {...control} type="text" value={form.downloadAs} onChange={(e) => update({ downloadAs: e.target.value })} />
                  )}
                </Field>
              )}
              <Field label="Content type (optional)" hint="The type the download is served with, e.g. application/pdf.">
                {(control) => (
                  <input
                    {...control}
                    type="text"
                    value={form.responseContentType}
                    onChange={(e) => update({ responseContentType: e.target.value })}
                    spellCheck={false}
                  />
                )}
              </Field>
            </>
          ) : (
            <Field
              label="Locked Content-Type"
              hint="The upload must carry exactly this type; the signature refuses any other. Empty: any type."
            >
              {(control) => (
                <input
                  {...control}
                  type="text"
                  value={form.uploadContentType}
                  onChange={(e) => update({ uploadContentType: e.target.value })}
                  placeholder="image/png"
                  spellCheck={false}
                />
              )}
            </Field>
          )}

          {failure && !problem && (
            <p role="alert" className="dialog-error">
              {failure}
            </p>
          )}

          {result && !problem && (
            <section className="share-result" aria-label="Link">
              <Field label={form.kind === 'GET' ? 'Download link' : 'Upload link'}>
                {(control) => <textarea {...control} className="share-url" readOnly rows={3} value={url} />}
              </Field>
              <div className="share-row">
                <button type="button" className="primary" onClick={() => void copy(url, 'link')}>
                  {copied === 'link' ? 'Copied' : 'Copy link'}
                </button>
                <p className="share-expiry" aria-live="polite">
                  {left > 0
                    ? `Expires ${localTimeText(expiresAt!, now)} (${utcText(result.expiresAt)}) — in ${durationText(left)}`
                    : 'This link has expired.'}
                </p>
              </div>
              {result.clampReason && <p className="share-warning">{result.clampReason}</p>}
              {result.credentialsNote && <p className="share-warning">{result.credentialsNote}</p>}
              {result.skewWarning && <p className="share-warning">{result.skewWarning}</p>}
              {result.localOnly && (
                <p className="share-note">
                  This link points to the local bucket on 127.0.0.1: it works on this computer only. For someone else, use a protected link
                  served on the local network.
                </p>
              )}
              {result.curl && (
                <>
                  <Field label="curl command">
                    {(control) => <textarea {...control} className="share-url" readOnly rows={3} value={result.curl} />}
                  </Field>
                  <div className="share-row">
                    <button type="button" onClick={() => void copy(result.curl!, 'curl command')}>
                      {copied === 'curl command' ? 'Copied' : 'Copy curl command'}
                    </button>
                    <p className="share-note">Replace FILE with the file to upload.</p>
                  </div>
                </>
              )}
              <QrCode text={url} label={`QR code of the ${form.kind === 'GET' ? 'download' : 'upload'} link`} />
            </section>
          )}
        </>
      )}
      {publicUrl && form.kind === 'GET' && !protectedMode && (
        <section className="share-public" aria-label="Public URL">
          <p className="share-note">This object is public: its permanent URL works for anyone, with no expiry.</p>
          <div className="share-row">
            <code className="selectable share-url-inline">{publicUrl}</code>
            <button type="button" onClick={() => void copy(publicUrl, 'public URL')}>
              {copied === 'public URL' ? 'Copied' : 'Copy public URL'}
            </button>
          </div>
        </section>
      )}
    </Dialog>
  );
}
