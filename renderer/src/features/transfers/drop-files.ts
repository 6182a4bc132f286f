/** A file chosen or dropped for upload, with its path below the drop target (`photos/2026/a.jpg`). */
export interface PickedFile {
  file: File;
  relativePath: string;
}

/**
 * What a drop carried, taken synchronously inside the drop handler: the browser empties
 * `dataTransfer` once the handler returns, so entries and files must be read before any await.
 */
export interface DroppedItems {
  entries: FileSystemEntry[];
  files: File[];
}

/** Reads a drop's entries and files now, while the DataTransfer is still readable. */
export function takeDroppedItems(dataTransfer: DataTransfer): DroppedItems {
  const entries: FileSystemEntry[] = [];
  for (const item of Array.from(dataTransfer.items ?? [])) {
    if (item.kind !== 'file') continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
  }
  return { entries, files: Array.from(dataTransfer.files ?? []) };
}

/** True when a drag carries files from outside the page (not, say, selected text). */
export function dragHasFiles(dataTransfer: DataTransfer | null): boolean {
  return !!dataTransfer && Array.from(dataTransfer.types ?? []).includes('Files');
}

/**
 * Every file of a drop, folders walked recursively; a folder's structure becomes each file's
 * relativePath. Where the drop gave no entries (Chromium gives none for some drops, e.g. a
 * synthetic one inside the page) the drop's plain file list is used instead.
 */
export async function filesOfDrop(dropped: DroppedItems): Promise<PickedFile[]> {
  if (dropped.entries.length === 0) return filesOfList(dropped.files);
  const picked: PickedFile[] = [];
  for (const entry of dropped.entries) await walk(entry, picked);
  return picked;
}

/** Files from an `<input type=file>` (with `webkitdirectory`, each carries its path in the folder). */
export function filesOfList(files: Iterable<File>): PickedFile[] {
  return Array.from(files, (file) => ({ file, relativePath: file.webkitRelativePath || file.name }));
}

async function walk(entry: FileSystemEntry, into: PickedFile[]): Promise<void> {
  if (isFile(entry)) {
    const file = await new Promise<File>((resolve, reject) => entry.file(resolve, reject));
    into.push({ file, relativePath: entryPath(entry) });
    return;
  }
  if (!isDirectory(entry)) return;
  const reader = entry.createReader();
  // readEntries answers in batches (Chromium: 100 at a time) until it answers an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, into);
  }
}

/** `/photos/2026/a.jpg` → `photos/2026/a.jpg` (fullPath is rooted at the drop). */
function entryPath(entry: FileSystemEntry): string {
  const path = entry.fullPath || entry.name;
  return path.replace(/^\/+/, '') || entry.name;
}

function isFile(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile;
}

function isDirectory(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}
