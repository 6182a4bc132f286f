import { useEffect, type ReactElement } from 'react';
import { publicUrlKey } from '../../store/share-slice';
import { useStore } from '../../store/store';
import { checkPublicUrl, copyPresignedLinks, copyPublicUrl, requestShare } from './share-actions';

interface ObjectRef {
  connectionId: string;
  bucket: string;
  objectKey: string;
}

/** The object's public URL once it is known to answer anyone; null until then or when it is not public. */
export function usePublicUrl({ connectionId, bucket, objectKey }: ObjectRef): string | null {
  const info = useStore((state) => state.publicUrls[publicUrlKey(connectionId, bucket, objectKey)]);
  useEffect(() => {
    void checkPublicUrl(connectionId, bucket, objectKey);
  }, [connectionId, bucket, objectKey]);
  return info?.public ? info.url : null;
}

/** The properties panel's "Public URL" row: only for an object anyone can read without a signature. */
export function PublicUrlRow(props: ObjectRef): ReactElement | null {
  const url = usePublicUrl(props);
  if (!url) return null;
  return (
    <>
      <dt>Public URL</dt>
      <dd>
        <code className="selectable">{url}</code>
      </dd>
    </>
  );
}

/** The properties panel's sharing buttons for one object. */
export function ShareButtons(props: ObjectRef): ReactElement {
  const url = usePublicUrl(props);
  const target = { connectionId: props.connectionId, bucket: props.bucket, keys: [props.objectKey] };
  return (
    <>
      <button type="button" onClick={() => void copyPresignedLinks(target)}>
        Copy presigned link
      </button>
      <button type="button" onClick={() => requestShare(target)}>
        Share…
      </button>
      {url && (
        <button type="button" onClick={() => void copyPublicUrl(url)}>
          Copy public URL
        </button>
      )}
    </>
  );
}
