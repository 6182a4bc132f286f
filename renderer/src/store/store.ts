import { create } from 'zustand';
import { createBrowserSlice } from './browser-slice';
import { createConnectionsSlice } from './connections-slice';
import { createLocalBucketSlice } from './local-bucket-slice';
import { createOperationsSlice } from './operations-slice';
import { createPropertiesSlice } from './properties-slice';
import { createSettingsSlice } from './settings-slice';
import { createShareSlice } from './share-slice';
import type { PailState } from './state';
import { createTransfersSlice } from './transfers-slice';
import { createTreeSlice } from './tree-slice';
import { createUiSlice } from './ui-slice';

export type { PailState } from './state';

/** The renderer's one store, bound from its slices (zustand's slices pattern). */
export const useStore = create<PailState>()((set) => ({
  ...createConnectionsSlice(),
  ...createTreeSlice(),
  ...createBrowserSlice(set),
  ...createPropertiesSlice(),
  ...createLocalBucketSlice(),
  ...createSettingsSlice(),
  ...createOperationsSlice(),
  ...createTransfersSlice(set),
  ...createUiSlice(set),
  ...createShareSlice(),
}));

const initialState = useStore.getState();

/** Back to a freshly started app, actions included (tests start each case from here). */
export function resetStore(): void {
  useStore.setState(initialState, true);
}
