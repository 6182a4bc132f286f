import type { ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store/store';
import { chooseUploads } from './FilePickers';

/** The toolbar's transfer commands: upload files or a folder here, and show or hide the queue. */
export function TransferTools(): ReactElement {
  const { location, open, count } = useStore(
    useShallow((state) => ({ location: state.location, open: state.transfersOpen, count: state.transfers.size })),
  );
  const inBucket = location?.bucket != null;
  return (
    <>
      <button
        type="button"
        className="tool"
        disabled={!inBucket}
        onClick={() => location && chooseUploads(location, false)}
        title="Or drop files here from the desktop"
      >
        Upload files…
      </button>
      <button type="button" className="tool" disabled={!inBucket} onClick={() => location && chooseUploads(location, true)}>
        Upload folder…
      </button>
      <button
        type="button"
        className="tool"
        aria-pressed={open}
        onClick={() => useStore.getState().setTransfersOpen(!open)}
        title={count > 0 ? `${count} in the queue` : undefined}
      >
        Transfers
      </button>
    </>
  );
}
