import { describe, expect, it } from 'vitest';
import type { ObjectEntry } from '../../../../preload/contract';
import { clickSelect, moveSelect, selectAll, toggleActive, type SelectionState } from './selection';

const view: ObjectEntry[] = ['a', 'b', 'c', 'd', 'e'].map((key) => ({ key, name: key, kind: 'object', size: 1 }));
const none: SelectionState = { selection: new Set(), anchorKey: null, activeKey: null };
const keys = (state: SelectionState) => [...state.selection].sort();

describe('row selection', () => {
  it('selects one row on a plain click', () => {
    expect(keys(clickSelect(view, none, 2))).toEqual(['c']);
  });

  it('toggles with Ctrl and extends with Shift from the anchor', () => {
    let state = clickSelect(view, none, 1);
    state = clickSelect(view, state, 3, { toggle: true });
    expect(keys(state)).toEqual(['b', 'd']);
    state = clickSelect(view, state, 0, { range: true });
    expect(keys(state)).toEqual(['a', 'b', 'c', 'd']);
    expect(state.anchorKey).toBe('d');
  });

  it('moves with arrows, extends with Shift, and only moves focus with Ctrl', () => {
    let state = moveSelect(view, none, 0);
    state = moveSelect(view, state, 1, { range: true });
    expect(keys(state)).toEqual(['a', 'b']);
    state = moveSelect(view, state, 2, { toggle: true });
    expect(keys(state)).toEqual(['a', 'b']);
    expect(state.activeKey).toBe('c');
    state = toggleActive(state);
    expect(keys(state)).toEqual(['a', 'b', 'c']);
  });

  it('clamps at the ends and selects all', () => {
    expect(moveSelect(view, none, 99).activeKey).toBe('e');
    expect(moveSelect(view, none, -5).activeKey).toBe('a');
    expect(keys(selectAll(view, none))).toHaveLength(5);
  });
});
