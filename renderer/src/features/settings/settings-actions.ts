import type { Settings } from '../../../../preload/contract';
import { callOrAlert } from '../../api/call';
import { useStore } from '../../store/store';

/** Changes settings; the store follows what main saved. */
export async function updateSettings(patch: Partial<Settings>): Promise<void> {
  const before = useStore.getState().settings;
  // Show the choice at once; fall back if main refuses it.
  useStore.setState({ settings: { ...before, ...patch } });
  const result = await callOrAlert('updateSettings', patch);
  useStore.setState({ settings: result.ok ? result.value : before });
}
