import { useRef, type KeyboardEvent } from 'react';

/**
 * Type-ahead for lists and menus: printable keys typed within `pauseMs` of each other build one
 * search text, and `find` moves to the first item whose label starts with it. The returned
 * handler says whether it took the key, so callers can prevent the default only then.
 */
export function useTypeAhead(pauseMs: number): (event: KeyboardEvent, find: (text: string) => void) => boolean {
  const typed = useRef({ text: '', at: 0 });
  return (event, find) => {
    if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) return false;
    const now = Date.now();
    const buffer = typed.current;
    const key = event.key.toLowerCase();
    buffer.text = now - buffer.at < pauseMs ? buffer.text + key : key;
    buffer.at = now;
    find(buffer.text);
    return true;
  };
}
