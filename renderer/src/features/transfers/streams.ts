import { createUploadStreamer, type UploadStreamer } from '../../api/upload-streams';
import { useStore } from '../../store/store';

let streamer: UploadStreamer | null = null;

/** The page's one upload streamer (browser mode), reading queue rows from the store. */
export function uploadStreamer(): UploadStreamer {
  streamer ??= createUploadStreamer({ rows: () => useStore.getState().transfers });
  return streamer;
}

/** Tests put in a streamer with their own fetch; `null` goes back to the page's. */
export function setUploadStreamer(next: UploadStreamer | null): void {
  streamer = next;
}
