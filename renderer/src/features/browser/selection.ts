import type { ObjectEntry } from '../../../../preload/contract';

/** What is selected, where a range starts, and where the keyboard is. */
export interface SelectionState {
  selection: ReadonlySet<string>;
  anchorKey: string | null;
  activeKey: string | null;
}

/** Modifier keys that change what a click or arrow does. */
export interface Modifiers {
  /** Shift: select the range from the anchor. */
  range?: boolean;
  /** Ctrl (Cmd on macOS): toggle one row (click), or move without selecting (arrow). */
  toggle?: boolean;
}

function only(key: string): SelectionState {
  return { selection: new Set([key]), anchorKey: key, activeKey: key };
}

function range(view: readonly ObjectEntry[], anchorKey: string | null, index: number): ReadonlySet<string> {
  const found = anchorKey === null ? -1 : view.findIndex((entry) => entry.key === anchorKey);
  const from = found < 0 ? index : found;
  const [start, end] = from <= index ? [from, index] : [index, from];
  return new Set(view.slice(start, end + 1).map((entry) => entry.key));
}

/** A mouse click on row `index`. */
export function clickSelect(view: readonly ObjectEntry[], state: SelectionState, index: number, modifiers: Modifiers = {}): SelectionState {
  const key = view[index]?.key;
  if (key === undefined) return state;
  if (modifiers.range) {
    const anchorKey = state.anchorKey ?? key;
    return { selection: range(view, anchorKey, index), anchorKey, activeKey: key };
  }
  if (modifiers.toggle) {
    const selection = new Set(state.selection);
    if (selection.has(key)) selection.delete(key);
    else selection.add(key);
    return { selection, anchorKey: key, activeKey: key };
  }
  return only(key);
}

/** An arrow, Home/End or Page key that lands on row `index`. */
export function moveSelect(view: readonly ObjectEntry[], state: SelectionState, index: number, modifiers: Modifiers = {}): SelectionState {
  const clamped = Math.max(0, Math.min(view.length - 1, index));
  const key = view[clamped]?.key;
  if (key === undefined) return state;
  if (modifiers.toggle && !modifiers.range) return { ...state, activeKey: key };
  return clickSelect(view, state, clamped, { range: modifiers.range ?? false });
}

/** Ctrl+Space on the active row: add it to or remove it from the selection. */
export function toggleActive(state: SelectionState): SelectionState {
  if (state.activeKey === null) return state;
  const selection = new Set(state.selection);
  if (selection.has(state.activeKey)) selection.delete(state.activeKey);
  else selection.add(state.activeKey);
  return { ...state, selection, anchorKey: state.activeKey };
}

/** Ctrl+A. */
export function selectAll(view: readonly ObjectEntry[], state: SelectionState): SelectionState {
  return { ...state, selection: new Set(view.map((entry) => entry.key)) };
}
