import { useState, type ReactElement } from 'react';
import type { ProtectedLink } from '../../../../preload/contract';
import { callOrAlert } from '../../api/call';
import { Field } from '../../components/Field';
import { useStore } from '../../store/store';
import { utcText } from './expiry-text';
import type { ShareTarget } from './ShareDialog';

const EXPIRIES: { label: string; seconds: number | null }[] = [
  { label: '1 day', seconds: 86_400 },
  { label: '7 days', seconds: 604_800 },
  { label: '30 days', seconds: 30 * 86_400 },
  { label: '1 year', seconds: 365 * 86_400 },
  { label: 'Until revoked', seconds: null },
];

/**
 * The Share dialog's protected link: Pail serves the file itself, with an optional password and
 * download limit and no 7-day cap, until it expires or is revoked — while Pail runs.
 */
export function ProtectedLinkForm({ target }: { target: ShareTarget }): ReactElement {
  const [expiry, setExpiry] = useState('604800');
  const [password, setPassword] = useState('');
  const [limit, setLimit] = useState('');
  const [lan, setLan] = useState(false);
  const [link, setLink] = useState<ProtectedLink | null>(null);
  const [busy, setBusy] = useState(false);

  async function create(): Promise<void> {
    setBusy(true);
    const max = Number(limit);
    const result = await callOrAlert('createProtectedLink', {
      connectionId: target.connectionId,
      bucket: target.bucket,
      key: target.objectKey,
      ...(expiry ? { expiresIn: Number(expiry) } : {}),
      ...(password ? { password } : {}),
      ...(limit.trim() && Number.isInteger(max) && max > 0 ? { maxDownloads: max } : {}),
      lan,
    });
    setBusy(false);
    if (result.ok) setLink(result.value);
  }

  async function revoke(): Promise<void> {
    if (!link) return;
    const result = await callOrAlert('revokeProtectedLink', link.id);
    if (result.ok) setLink(result.value);
  }

  async function copy(): Promise<void> {
    if (!link) return;
    const result = await callOrAlert('writeClipboard', link.url);
    if (result.ok) useStore.getState().showNotice('Copied the protected link to the clipboard');
  }

  if (link) {
    return (
      <section className="share-result" aria-label="Protected link">
        <Field label="Protected link">{(control) => <input {...control} type="text" readOnly value={link.url} />}</Field>
        <div className="share-row">
          <button type="button" className="primary" onClick={() => void copy()} disabled={link.state !== 'live'}>
            Copy link
          </button>
          <button type="button" className="danger" onClick={() => void revoke()} disabled={link.state !== 'live'}>
            Revoke
          </button>
          <p className="share-expiry" role="status">
            {link.state === 'revoked'
              ? 'Revoked: the link no longer works.'
              : link.expiresAt
                ? `Works until ${new Date(link.expiresAt).toLocaleString()} (${utcText(link.expiresAt)})`
                : 'Works until you revoke it.'}
          </p>
        </div>
        <p className="share-note">
          {link.hasPassword ? 'The recipient needs the password. ' : ''}
          {link.maxDownloads ? `It allows ${link.maxDownloads} download${link.maxDownloads === 1 ? '' : 's'}. ` : ''}
          It works while Pail runs and {link.lan ? 'this computer is reachable on your network' : 'only on this computer'}. Downloads are
          listed under Shared links.
        </p>
      </section>
    );
  }

  return (
    <>
      <Field label="Available for">
        {(control) => (
          <select {...control} value={expiry} onChange={(e) => setExpiry(e.target.value)}>
            {EXPIRIES.map((option) => (
              <option key={option.label} value={option.seconds === null ? '' : String(option.seconds)}>
                {option.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Password (optional)" hint="Stored only as a salted hash; wrong guesses are slowed down.">
        {(control) => (
          <input {...control} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
        )}
      </Field>
      <Field label="Download limit (optional)">
        {(control) => <input {...control} type="number" min={1} value={limit} onChange={(e) => setLimit(e.target.value)} />}
      </Field>
      <label className="share-check">
        <input type="checkbox" checked={lan} onChange={(e) => setLan(e.target.checked)} />
        Serve on the local network
      </label>
      {lan && (
        <p className="share-warning">
          Anyone on your network who has the link can open its page. Pail listens on every network interface while such links exist.
        </p>
      )}
      <div className="share-row">
        <button type="button" className="primary" onClick={() => void create()} disabled={busy}>
          Create protected link
        </button>
      </div>
    </>
  );
}
