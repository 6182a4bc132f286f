import type { ObjectDetails } from '../../../preload/contract';

/** The details of the one object the properties panel shows. */
export type DetailsState =
  | { key: string; status: 'loading' }
  | { key: string; status: 'loaded'; value: ObjectDetails }
  | { key: string; status: 'error'; message: string };

export interface PropertiesSlice {
  details: DetailsState | null;
}

export function createPropertiesSlice(): PropertiesSlice {
  return { details: null };
}
