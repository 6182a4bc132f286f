import { useEffect, useRef, type ReactElement } from 'react';
import type { Location } from '../../store/location';
import { uploadChosen } from './transfer-actions';

let pending: Location | null = null;
let inputs: { files: HTMLInputElement | null; folder: HTMLInputElement | null } = { files: null, folder: null };

/** "Upload files…" / "Upload folder…": opens the system's chooser; what is chosen uploads to `target`. */
export function chooseUploads(target: Location, folder: boolean): void {
  if (target.bucket === null) return;
  pending = target;
  const input = folder ? inputs.folder : inputs.files;
  if (!input) return;
  input.value = '';
  input.click();
}

/** The two hidden choosers behind "Upload files…" and "Upload folder…" (a folder keeps its structure). */
export function FilePickers(): ReactElement {
  const filesRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    inputs = { files: filesRef.current, folder: folderRef.current };
    // webkitdirectory is not a React prop: set it on the element.
    folderRef.current?.setAttribute('webkitdirectory', '');
    return () => {
      inputs = { files: null, folder: null };
    };
  }, []);
  function onChange(input: HTMLInputElement): void {
    const target = pending;
    pending = null;
    const files = input.files ? Array.from(input.files) : [];
    if (target && files.length > 0) void uploadChosen(target, files);
  }
  return (
    <div hidden>
      <input ref={filesRef} type="file" multiple aria-label="Files to upload" onChange={(event) => onChange(event.currentTarget)} />
      <input ref={folderRef} type="file" multiple aria-label="Folder to upload" onChange={(event) => onChange(event.currentTarget)} />
    </div>
  );
}
