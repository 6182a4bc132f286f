import { formatCount, plural } from '../../lib/format';
import type { ListingStatus } from '../../store/listing';

/** What the status bar says about a listing. */
export interface StatusFacts {
  status: ListingStatus;
  /** Rows shown (after the filter). */
  shown: number;
  /** Rows received. */
  total: number;
  filtered: boolean;
  /** 'bucket' in a connection's bucket list, else 'object'. */
  noun: 'object' | 'bucket';
  /** How many of the rows received are folders (0 in a bucket list). */
  folders?: number;
}

/** "6 folders", "2 folders, 4 objects", "10,000 objects"; "items" when a count mixes folders and objects. */
function countText(shown: number, total: number, filtered: boolean, noun: 'object' | 'bucket', folders: number): string {
  if (noun === 'bucket') return filtered ? `${formatCount(shown)} of ${plural(total, 'bucket')}` : plural(total, 'bucket');
  const objects = total - folders;
  if (filtered) return `${formatCount(shown)} of ${plural(total, folders === 0 ? 'object' : objects === 0 ? 'folder' : 'item')}`;
  if (folders === 0) return plural(objects, 'object');
  return objects === 0 ? plural(folders, 'folder') : `${plural(folders, 'folder')}, ${plural(objects, 'object')}`;
}

/** "Loading… 3,000 objects", "2 folders, 4 objects", "12 of 10,000 objects", with how it ended when it did not finish. */
export function statusText({ status, shown, total, filtered, noun, folders = 0 }: StatusFacts): string {
  const count = countText(shown, total, filtered, noun, folders);
  switch (status) {
    case 'loading':
      return `Loading… ${count}`;
    case 'done':
      return count;
    case 'cancelled':
      return `${count} (listing cancelled)`;
    case 'error':
      return `${count} (listing failed)`;
  }
}
