import type { StoreApi } from 'zustand';
import type { BrowserSlice } from './browser-slice';
import type { ConnectionsSlice } from './connections-slice';
import type { LocalBucketSlice } from './local-bucket-slice';
import type { OperationsSlice } from './operations-slice';
import type { PropertiesSlice } from './properties-slice';
import type { SettingsSlice } from './settings-slice';
import type { ShareSlice } from './share-slice';
import type { TransfersSlice } from './transfers-slice';
import type { TreeSlice } from './tree-slice';
import type { UiSlice } from './ui-slice';

/** The whole renderer state: one store, one slice per domain. */
export type PailState = ConnectionsSlice &
  TreeSlice &
  BrowserSlice &
  PropertiesSlice &
  LocalBucketSlice &
  SettingsSlice &
  OperationsSlice &
  UiSlice &
  ShareSlice &
  TransfersSlice;

export type SetState = StoreApi<PailState>['setState'];
export type GetState = StoreApi<PailState>['getState'];
