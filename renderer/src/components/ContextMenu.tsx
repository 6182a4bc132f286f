import { Fragment, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { restoreFocus } from './focus';
import { useTypeAhead } from './type-ahead';
import './ContextMenu.css';

/** One command of a context menu. */
export interface MenuItem {
  label: string;
  /** Shown at the right and announced as aria-keyshortcuts, e.g. "F2". */
  shortcut?: string;
  disabled?: boolean;
  /** Draws a separator above this item. */
  separatorBefore?: boolean;
  onSelect(): void;
}

export interface ContextMenuProps {
  /** The menu's accessible name, e.g. "Object actions". */
  label: string;
  x: number;
  y: number;
  items: readonly MenuItem[];
  onClose(): void;
}

/**
 * An HTML context menu (works in Electron and in the browser, and in tests): opens at a point,
 * focuses its first item, arrows and Home/End move, Enter or Space runs an item, Escape or Tab
 * closes it, and focus goes back to where it was.
 */
export function ContextMenu({ label, x, y, items, onClose }: ContextMenuProps): ReactElement {
  const ref = useRef<HTMLDivElement>(null);
  const previous = useRef<Element | null>(null);
  const [position, setPosition] = useState({ left: x, top: y });
  const [active, setActive] = useState(() =>
    Math.max(
      0,
      items.findIndex((item) => !item.disabled),
    ),
  );
  const typeAhead = useTypeAhead(700);

  useLayoutEffect(() => {
    previous.current = document.activeElement;
    // Keep the whole menu on screen, flipping it left or up near the edges.
    const rect = ref.current?.getBoundingClientRect();
    if (!rect) return;
    const left = x + rect.width > window.innerWidth ? Math.max(0, x - rect.width) : x;
    const top = y + rect.height > window.innerHeight ? Math.max(0, y - rect.height) : y;
    setPosition({ left, top });
  }, [x, y]);

  useEffect(() => {
    ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active]?.focus();
  }, [active]);

  useEffect(() => {
    function onPointerDown(event: MouseEvent): void {
      if (!ref.current?.contains(event.target as Node)) onClose();
    }
    function onDismiss(): void {
      onClose();
    }
    document.addEventListener('mousedown', onPointerDown, true);
    window.addEventListener('blur', onDismiss);
    window.addEventListener('resize', onDismiss);
    return () => {
      document.removeEventListener('mousedown', onPointerDown, true);
      window.removeEventListener('blur', onDismiss);
      window.removeEventListener('resize', onDismiss);
    };
  }, [onClose]);

  function closeAndRestore(): void {
    restoreFocus(previous.current);
    onClose();
  }

  function run(item: MenuItem | undefined): void {
    if (!item || item.disabled) return;
    // Focus goes back first, so a dialog the command opens returns focus there too.
    closeAndRestore();
    item.onSelect();
  }

  function move(delta: number): void {
    setActive((index) => (index + delta + items.length) % items.length);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    switch (event.key) {
      case 'ArrowDown':
        move(1);
        break;
      case 'ArrowUp':
        move(-1);
        break;
      case 'Home':
        setActive(0);
        break;
      case 'End':
        setActive(items.length - 1);
        break;
      case 'Enter':
      case ' ':
        run(items[active]);
        break;
      case 'Escape':
      case 'Tab':
        closeAndRestore();
        break;
      default:
        if (
          typeAhead(event, (text) => {
            const found = items.findIndex((item) => item.label.toLowerCase().startsWith(text));
            if (found >= 0) setActive(found);
          })
        )
          break;
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  return (
    <div
      ref={ref}
      className="context-menu"
      role="menu"
      aria-label={label}
      style={{ left: position.left, top: position.top }}
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.preventDefault()}
    >
      {items.map((item, index) => (
        <Fragment key={item.label}>
          {item.separatorBefore && <div role="separator" className="context-menu-separator" />}
          <div
            role="menuitem"
            tabIndex={-1}
            className="context-menu-item"
            aria-disabled={item.disabled || undefined}
            aria-keyshortcuts={item.shortcut}
            onClick={() => run(item)}
            onMouseEnter={() => setActive(index)}
          >
            <span className="context-menu-label">{item.label}</span>
            {/* The shortcut is announced through aria-keyshortcuts, not as part of the name. */}
            {item.shortcut && (
              <span className="context-menu-shortcut" aria-hidden="true">
                {shortcutLabel(item.shortcut)}
              </span>
            )}
          </div>
        </Fragment>
      ))}
    </div>
  );
}

function shortcutLabel(shortcut: string): string {
  return shortcut === 'Delete' ? 'Del' : shortcut;
}
