import { useEffect, useState, type ReactElement } from 'react';
import type { ProtectedLink, ShareHistoryEntry } from '../../../../preload/contract';
import { call, callOrAlert } from '../../api/call';
import { Dialog } from '../../components/Dialog';
import { useStore } from '../../store/store';
import { copiedNotice, expiryText } from './expiry-text';
import { LinkInspector } from './LinkInspector';

type View = 'history' | 'protected' | 'inspect';
const VIEWS: { id: View; label: string }[] = [
  { id: 'history', label: 'History' },
  { id: 'protected', label: 'Protected links' },
  { id: 'inspect', label: 'Inspect a link' },
];

/** Shared links: the history of links made, protected links with their downloads, and the inspector. */
export function SharedLinksDialog({ onClose, initialView = 'history' }: { onClose(): void; initialView?: View }): ReactElement {
  const [view, setView] = useState<View>(initialView);
  return (
    <Dialog
      title="Shared links"
      width="wide"
      onCancel={onClose}
      footer={
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      }
    >
      <div role="tablist" aria-label="Shared links" className="share-tabs">
        {VIEWS.map((each) => (
          <button
            key={each.id}
            type="button"
            role="tab"
            id={`share-tab-${each.id}`}
            aria-selected={view === each.id}
            aria-controls={`share-panel-${each.id}`}
            onClick={() => setView(each.id)}
          >
            {each.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`share-panel-${view}`} aria-labelledby={`share-tab-${view}`} className="share-panel">
        {view === 'history' && <History />}
        {view === 'protected' && <ProtectedLinks />}
        {view === 'inspect' && <LinkInspector />}
      </div>
    </Dialog>
  );
}

const STATE_TEXT: Record<ShareHistoryEntry['state'], string> = {
  live: 'live',
  expired: 'expired',
  revoked: 'revoked',
  'used-up': 'used up',
};

function History(): ReactElement {
  const [entries, setEntries] = useState<ShareHistoryEntry[] | null>(null);
  useEffect(() => {
    void call('listShareHistory').then((result) => setEntries(result.ok ? result.value : []));
  }, []);

  async function shareAgain(entry: ShareHistoryEntry): Promise<void> {
    const result = await callOrAlert('presignLinks', {
      connectionId: entry.connectionId,
      bucket: entry.bucket,
      keys: [entry.key],
      method: entry.kind === 'upload' ? 'PUT' : 'GET',
      ...(entry.settings.expiresIn ? { expiresIn: Math.min(entry.settings.expiresIn, 604_800) } : {}),
      ...(entry.settings.downloadAs ? { downloadAs: entry.settings.downloadAs } : {}),
      ...(entry.settings.contentType ? { contentType: entry.settings.contentType } : {}),
      ...(entry.settings.responseContentType ? { responseContentType: entry.settings.responseContentType } : {}),
    });
    if (!result.ok) return;
    const copied = await callOrAlert('writeClipboard', result.value.links[0]!.url);
    if (copied.ok) useStore.getState().showNotice(copiedNotice(1, result.value.expiresAt));
    const again = await call('listShareHistory');
    if (again.ok) setEntries(again.value);
  }

  if (!entries) return <p className="share-note">Loading…</p>;
  if (entries.length === 0) return <p className="share-note">No links made yet.</p>;
  return (
    <table className="share-table" aria-label="Share history">
      <thead>
        <tr>
          <th>Object</th>
          <th>Kind</th>
          <th>Made</th>
          <th>Status</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.id}>
            <td className="share-key">
              {entry.bucket}/{entry.key}
            </td>
            <td>{entry.kind}</td>
            <td>{new Date(entry.createdAt).toLocaleString()}</td>
            <td>
              {entry.state === 'live' && entry.expiresAt ? expiryText(entry.expiresAt) : STATE_TEXT[entry.state]}
              {entry.downloads !== undefined ? `, ${entry.downloads} downloads` : ''}
            </td>
            <td>
              {entry.kind !== 'protected' && (
                <button type="button" onClick={() => void shareAgain(entry)} aria-label={`Share ${entry.key} again`}>
                  Share again
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ProtectedLinks(): ReactElement {
  const [links, setLinks] = useState<ProtectedLink[] | null>(null);
  const load = () => void call('listProtectedLinks').then((result) => setLinks(result.ok ? result.value : []));
  useEffect(load, []);

  async function revoke(id: string): Promise<void> {
    const result = await callOrAlert('revokeProtectedLink', id);
    if (result.ok) load();
  }

  if (!links) return <p className="share-note">Loading…</p>;
  if (links.length === 0) return <p className="share-note">No protected links. Make one from Share… on an object.</p>;
  return (
    <ul className="share-protected">
      {links.map((link) => (
        <li key={link.id} aria-label={`Protected link to ${link.fileName}`}>
          <div className="share-row">
            <strong>{link.fileName}</strong>
            <span className="share-note">
              {STATE_TEXT[link.state]} · {link.downloads}
              {link.maxDownloads ? ` of ${link.maxDownloads}` : ''} downloads{link.hasPassword ? ' · password' : ''}
              {link.lan ? ' · local network' : ''}
            </span>
            {link.state === 'live' && (
              <button type="button" className="danger" onClick={() => void revoke(link.id)} aria-label={`Revoke ${link.fileName}`}>
                Revoke
              </button>
            )}
          </div>
          <code className="selectable share-url-inline">{link.url}</code>
          {link.log.length > 0 && (
            <table className="share-table" aria-label={`Downloads of ${link.fileName}`}>
              <thead>
                <tr>
                  <th>Time</th>
                  <th>Address</th>
                  <th>Browser</th>
                </tr>
              </thead>
              <tbody>
                {link.log.map((entry, index) => (
                  <tr key={index}>
                    <td>{new Date(entry.time).toLocaleString()}</td>
                    <td>{entry.address}</td>
                    <td>{entry.userAgent}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </li>
      ))}
    </ul>
  );
}
