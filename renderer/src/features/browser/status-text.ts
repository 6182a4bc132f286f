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
}

/** "Loading… 3,000 objects", "10,000 objects", "12 of 10,000 objects", with how it ended when it did not finish. */
export function statusText({ status, shown, total, filtered, noun }: StatusFacts): string {
  const count = filtered ? `${formatCount(shown)} of ${plural(total, noun)}` : plural(total, noun);
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
