import { useEffect, useState, type ReactElement } from 'react';
import type { ObjectStreamTicket } from '../../../../preload/contract';
import { Dialog } from '../../components/Dialog';
import { formatSize } from '../../lib/format';
import { baseName, type Location } from '../../store/location';
import { download } from './download-actions';
import './PreviewDialog.css';

/** Text previews show at most this much; the rest is a download away. */
export const TEXT_PREVIEW_LIMIT = 1024 * 1024;

interface PreviewDialogProps {
  location: Location;
  objectKey: string;
  ticket: ObjectStreamTicket;
  onClose(): void;
}

/** Shows an object the browser can display (image, text, PDF, audio, video), streamed from its one-time path. */
export function PreviewDialog({ location, objectKey, ticket, onClose }: PreviewDialogProps): ReactElement {
  const name = baseName(objectKey);
  return (
    <Dialog
      title={name}
      width="wide"
      onCancel={onClose}
      footer={
        <>
          <button
            type="button"
            onClick={() => {
              if (location.bucket !== null)
                void download({ connectionId: location.connectionId, bucket: location.bucket, keys: [objectKey], prefixes: [] });
            }}
          >
            Download
          </button>
          <button type="button" className="primary" onClick={onClose} data-autofocus>
            Close
          </button>
        </>
      }
    >
      <div className="preview">
        <PreviewBody ticket={ticket} name={name} />
      </div>
    </Dialog>
  );
}

function PreviewBody({ ticket, name }: { ticket: ObjectStreamTicket; name: string }): ReactElement {
  switch (ticket.preview) {
    case 'image':
      return <img className="preview-image" src={ticket.path} alt={name} />;
    case 'audio':
      return <audio className="preview-media" src={ticket.path} controls aria-label={name} />;
    case 'video':
      return <video className="preview-media" src={ticket.path} controls aria-label={name} />;
    case 'pdf':
      return <iframe className="preview-frame" src={ticket.path} title={name} />;
    case 'text':
      return <TextPreview ticket={ticket} name={name} />;
    default:
      return <p>This file cannot be shown here.</p>;
  }
}

// A ticket works once: remember what was read, so a second mount (React's development checks) shows it again.
const texts = new Map<string, Promise<string>>();

function TextPreview({ ticket, name }: { ticket: ObjectStreamTicket; name: string }): ReactElement {
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let pending = texts.get(ticket.path);
    if (!pending) texts.set(ticket.path, (pending = readText(ticket.path, TEXT_PREVIEW_LIMIT)));
    pending.then(
      (value) => live && setText(value),
      (reason: unknown) => live && setError(reason instanceof Error ? reason.message : String(reason)),
    );
    return () => {
      live = false;
    };
  }, [ticket.path]);
  if (error) return <p className="dialog-error">The file could not be read: {error}</p>;
  if (text === null) return <p>Loading…</p>;
  return (
    <>
      <pre className="preview-text" aria-label={name} tabIndex={0}>
        {text}
      </pre>
      {ticket.size > TEXT_PREVIEW_LIMIT && (
        <p className="dialog-note">
          Showing the first {formatSize(TEXT_PREVIEW_LIMIT)} of {formatSize(ticket.size)}.
        </p>
      )}
    </>
  );
}

/** Reads at most `limit` bytes of a streamed body, then stops the stream. */
async function readText(path: string, limit: number): Promise<string> {
  const response = await fetch(path, { credentials: 'same-origin' });
  if (!response.ok || !response.body) throw new Error(`the server answered ${response.status}`);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  while (length < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
  }
  void reader.cancel();
  const bytes = new Uint8Array(Math.min(length, limit));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, Math.min(chunk.length, bytes.length - at));
    bytes.set(part, at);
    at += part.length;
  }
  return new TextDecoder().decode(bytes);
}
