import { useEffect, type ReactElement, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ObjectEntry } from '../../../../preload/contract';
import { CloseIcon } from '../../components/icons';
import { formatCount, formatDate, formatSize, formatSizeWithBytes } from '../../lib/format';
import { selectedEntries } from '../../store/browser-slice';
import { baseName, s3Uri, type Location } from '../../store/location';
import type { DetailsState } from '../../store/properties-slice';
import { useStore } from '../../store/store';
import { PublicUrlRow, ShareButtons } from '../share/ObjectShareActions';
import { loadDetails } from './browser-actions';
import { copyText } from './clipboard-actions';
import './PropertiesPanel.css';

/** Arrowing through a list should not fetch details for every row passed over. */
const DETAILS_DELAY_MS = 150;

/** The right-hand panel: details of the selected object, a summary of a multiple selection, or the folder itself. */
export function PropertiesPanel(): ReactElement | null {
  const { location, view, selection, details } = useStore(
    useShallow((state) => ({ location: state.location, view: state.view, selection: state.selection, details: state.details })),
  );
  const close = useStore((state) => state.setPropertiesOpen);
  const selected = selection.size === 0 ? [] : selectedEntries(view, selection);
  const single = selected.length === 1 ? selected[0]! : null;
  const detailsKey = single?.kind === 'object' && location?.bucket ? single.key : null;

  useEffect(() => {
    if (!location || detailsKey === null) return;
    const timer = setTimeout(() => void loadDetails(location, detailsKey), DETAILS_DELAY_MS);
    return () => clearTimeout(timer);
  }, [location, detailsKey]);

  if (!location) return null;
  return (
    <aside className="properties" aria-label="Properties">
      <div className="properties-header">
        <h2 className="properties-title">Properties</h2>
        <button type="button" className="icon-button" aria-label="Close properties" title="Close properties" onClick={() => close(false)}>
          <CloseIcon />
        </button>
      </div>
      <div className="properties-body">
        {single ? (
          <EntryProperties location={location} entry={single} details={details?.key === single.key ? details : null} />
        ) : selected.length > 1 ? (
          <SelectionSummary entries={selected} />
        ) : (
          <FolderSummary location={location} count={view.length} />
        )}
      </div>
    </aside>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }): ReactElement {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function EntryProperties({
  location,
  entry,
  details,
}: {
  location: Location;
  entry: ObjectEntry;
  details: DetailsState | null;
}): ReactElement {
  const uri = location.bucket === null ? s3Uri(entry.key) : s3Uri(location.bucket, entry.key);
  const kind = location.bucket === null ? 'Bucket' : entry.kind === 'folder' ? 'Folder' : 'Object';
  const value = details?.status === 'loaded' ? details.value : null;
  return (
    <>
      <h3 className="properties-name">{baseName(entry.name)}</h3>
      <dl className="properties-list">
        <Row label="Kind">{kind}</Row>
        {entry.kind === 'object' && <Row label="Size">{formatSizeWithBytes(value?.size ?? entry.size ?? 0)}</Row>}
        {(value?.lastModified ?? entry.lastModified) && (
          <Row label={location.bucket === null ? 'Created' : 'Last modified'}>{formatDate(value?.lastModified ?? entry.lastModified)}</Row>
        )}
        {(value?.storageClass ?? entry.storageClass) && <Row label="Storage class">{value?.storageClass ?? entry.storageClass}</Row>}
        {value && <Row label="Content type">{value.contentType}</Row>}
        {(value?.etag ?? entry.etag) && (
          <Row label="ETag">
            <code>{value?.etag ?? entry.etag}</code>
          </Row>
        )}
        <Row label="S3 URI">
          <code className="selectable">{value?.s3Uri ?? uri}</code>
        </Row>
        {location.bucket !== null && entry.kind === 'object' && (
          <PublicUrlRow connectionId={location.connectionId} bucket={location.bucket} objectKey={entry.key} />
        )}
      </dl>
      <div className="properties-actions">
        <button type="button" onClick={() => void copyText(value?.s3Uri ?? uri, 'S3 URI')}>
          Copy S3 URI
        </button>
        {location.bucket === null && (
          <button
            type="button"
            onClick={() => useStore.getState().openDialog({ kind: 'bucket-cors', connectionId: location.connectionId, bucket: entry.key })}
          >
            Edit CORS…
          </button>
        )}
        {location.bucket !== null && entry.kind === 'object' && (
          <ShareButtons connectionId={location.connectionId} bucket={location.bucket} objectKey={entry.key} />
        )}
      </div>
      {details?.status === 'loading' && <p className="properties-note">Loading details…</p>}
      {details?.status === 'error' && <p className="properties-error">Details could not be loaded: {details.message}</p>}
      {value && Object.keys(value.metadata).length > 0 && (
        <>
          <h4 className="properties-subtitle">Metadata</h4>
          <dl className="properties-list">
            {Object.entries(value.metadata).map(([name, text]) => (
              <Row key={name} label={name}>
                {text}
              </Row>
            ))}
          </dl>
        </>
      )}
    </>
  );
}

function SelectionSummary({ entries }: { entries: readonly ObjectEntry[] }): ReactElement {
  const folders = entries.filter((entry) => entry.kind === 'folder').length;
  const objects = entries.length - folders;
  const bytes = entries.reduce((sum, entry) => sum + (entry.size ?? 0), 0);
  return (
    <>
      <h3 className="properties-name">{formatCount(entries.length)} items selected</h3>
      <dl className="properties-list">
        <Row label="Objects">{formatCount(objects)}</Row>
        <Row label="Folders">{formatCount(folders)}</Row>
        <Row label="Size">
          {formatSize(bytes)}
          {folders > 0 ? ' (not counting folder contents)' : ''}
        </Row>
      </dl>
    </>
  );
}

function FolderSummary({ location, count }: { location: Location; count: number }): ReactElement {
  const name = location.bucket === null ? 'Buckets' : location.prefix ? baseName(location.prefix) : location.bucket;
  return (
    <>
      <h3 className="properties-name">{name}</h3>
      <dl className="properties-list">
        {location.bucket !== null && (
          <Row label="S3 URI">
            <code className="selectable">{s3Uri(location.bucket, location.prefix)}</code>
          </Row>
        )}
        <Row label={location.bucket === null ? 'Buckets' : 'Items'}>{formatCount(count)}</Row>
      </dl>
      <p className="properties-note">Select an item to see its details.</p>
    </>
  );
}
