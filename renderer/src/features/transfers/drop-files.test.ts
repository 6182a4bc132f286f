import { describe, expect, it } from 'vitest';
import { filesOfDrop, filesOfList, takeDroppedItems } from './drop-files';

/** A file or folder as Chromium's FileSystem entries present a dropped one. */
function fileEntry(fullPath: string, body = 'x'): FileSystemFileEntry {
  const name = fullPath.slice(fullPath.lastIndexOf('/') + 1);
  return {
    isFile: true,
    isDirectory: false,
    name,
    fullPath,
    file: (resolve: (file: File) => void) => resolve(new File([body], name)),
  } as unknown as FileSystemFileEntry;
}

/** readEntries answers in batches of `batch` (Chromium: 100), then an empty batch. */
function folderEntry(fullPath: string, children: FileSystemEntry[], batch = 2): FileSystemDirectoryEntry {
  return {
    isFile: false,
    isDirectory: true,
    name: fullPath.slice(fullPath.lastIndexOf('/') + 1),
    fullPath,
    createReader() {
      let at = 0;
      return {
        readEntries(resolve: (entries: FileSystemEntry[]) => void) {
          const next = children.slice(at, at + batch);
          at += next.length;
          setTimeout(() => resolve(next), 0);
        },
      };
    },
  } as unknown as FileSystemDirectoryEntry;
}

describe('files of a drop', () => {
  it('walks folders to the end of every readEntries batch, keeping the structure as relative paths', async () => {
    const photos = folderEntry('/photos', [
      fileEntry('/photos/a.jpg'),
      fileEntry('/photos/b.jpg'),
      folderEntry('/photos/2026', [fileEntry('/photos/2026/c.jpg'), fileEntry('/photos/2026/d.jpg'), fileEntry('/photos/2026/e.jpg')]),
      fileEntry('/photos/f.jpg'),
      folderEntry('/photos/empty', []),
    ]);
    const picked = await filesOfDrop({ entries: [photos, fileEntry('/notes.txt')], files: [] });
    expect(picked.map((p) => p.relativePath)).toEqual([
      'photos/a.jpg',
      'photos/b.jpg',
      'photos/2026/c.jpg',
      'photos/2026/d.jpg',
      'photos/2026/e.jpg',
      'photos/f.jpg',
      'notes.txt',
    ]);
    expect(picked[0]!.file).toBeInstanceOf(File);
  });

  it('falls back to the plain file list where the drop gave no entries', async () => {
    const files = [new File(['1'], 'one.txt'), new File(['22'], 'two.txt')];
    const picked = await filesOfDrop({ entries: [], files });
    expect(picked.map((p) => [p.relativePath, p.file])).toEqual([
      ['one.txt', files[0]],
      ['two.txt', files[1]],
    ]);
  });

  it('takes entries and files synchronously, skipping items that are not files', () => {
    const entry = fileEntry('/a.txt');
    const file = new File(['a'], 'a.txt');
    const transfer = {
      items: [
        { kind: 'string', webkitGetAsEntry: () => null },
        { kind: 'file', webkitGetAsEntry: () => entry },
        { kind: 'file', webkitGetAsEntry: () => null },
      ],
      files: [file],
    } as unknown as DataTransfer;
    expect(takeDroppedItems(transfer)).toEqual({ entries: [entry], files: [file] });
  });

  it('keeps a chosen folder’s paths (webkitRelativePath) and plain names for chosen files', () => {
    const inFolder = new File(['x'], 'c.jpg');
    Object.defineProperty(inFolder, 'webkitRelativePath', { value: 'photos/2026/c.jpg' });
    const plain = new File(['y'], 'plain.txt');
    expect(filesOfList([inFolder, plain]).map((p) => p.relativePath)).toEqual(['photos/2026/c.jpg', 'plain.txt']);
  });
});
