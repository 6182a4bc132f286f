/**
 * Puts keyboard focus on the object list. Used after a control that took focus disappears or
 * becomes disabled by its own action (a breadcrumb that becomes the current one, Up at the top).
 */
export function focusObjectGrid(): void {
  document.querySelector<HTMLElement>('[role="grid"].object-grid')?.focus();
}
