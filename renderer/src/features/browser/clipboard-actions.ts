import { callOrAlert } from '../../api/call';
import { s3Uri } from '../../store/location';
import { useStore } from '../../store/store';
import { currentSelection } from './browser-actions';

/** Puts text on the clipboard and says so. */
export async function copyText(text: string, what: string): Promise<void> {
  const result = await callOrAlert('writeClipboard', text);
  if (result.ok) useStore.getState().showNotice(`Copied ${what} to the clipboard`);
}

/** The s3:// URIs of the selection (one a line), or of the current folder when nothing is selected. */
export function copyS3Uri(): void {
  const { location } = useStore.getState();
  if (!location) return;
  const entries = currentSelection();
  if (location.bucket === null) {
    const buckets = entries.map((entry) => s3Uri(entry.key));
    if (buckets.length > 0) void copyText(buckets.join('\n'), buckets.length === 1 ? 'S3 URI' : 'S3 URIs');
    return;
  }
  const bucket = location.bucket;
  const uris = entries.length > 0 ? entries.map((entry) => s3Uri(bucket, entry.key)) : [s3Uri(bucket, location.prefix)];
  void copyText(uris.join('\n'), uris.length === 1 ? 'S3 URI' : 'S3 URIs');
}
