import { cleanup, render, screen, within, type RenderResult } from '@testing-library/react';
import { userEvent, type UserEvent } from '@testing-library/user-event';
import { afterEach } from 'vitest';
import { App } from '../app/App';
import { startApp } from '../app/bootstrap';
import { resetStore } from '../store/store';
import { createFakeApi, type FakeApi, type FakeSeed } from './fake-api';
import { installListLayout } from './jsdom-layout';

installListLayout();

const teardown: Array<() => void> = [];

afterEach(() => {
  cleanup();
  for (const step of teardown.splice(0)) step();
  resetStore();
  delete document.documentElement.dataset.theme;
});

/** The whole app on a fake PailApi, as window.pail (the preload's object), with a user to drive it. */
export function renderApp(seed: FakeSeed | FakeApi = {}): RenderResult & { api: FakeApi; user: UserEvent } {
  const api = 'calls' in seed ? seed : createFakeApi(seed);
  resetStore();
  window.pail = api;
  const disconnect = startApp(api);
  teardown.push(() => {
    disconnect();
    delete window.pail;
  });
  const user = userEvent.setup();
  return { api, user, ...render(<App />) };
}

/** Opens a connection, then a bucket, then folders, by clicking through the tree like a person. */
export async function browseTo(user: UserEvent, connection: string, bucket?: string, ...folders: string[]): Promise<void> {
  const tree = await screen.findByRole('tree', { name: 'Connections' });
  await user.click(await within(tree).findByRole('treeitem', { name: connection }));
  if (bucket === undefined) return;
  await user.click(await within(tree).findByRole('treeitem', { name: bucket }));
  for (const folder of folders) await user.click(await within(tree).findByRole('treeitem', { name: folder }));
}

/** The names in the object list's Name column, top to bottom (rendered rows only). */
export function visibleNames(): string[] {
  const grid = screen.getByRole('grid', { name: 'Objects' });
  return within(grid)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('gridcell')[0]!.textContent ?? '');
}
