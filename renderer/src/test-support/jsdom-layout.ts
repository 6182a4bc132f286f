/**
 * jsdom has no layout: every element is 0×0 and nothing scrolls, so a virtualized list would
 * render no rows at all. Give the object list's (and the transfer queue's) scroll area the height of a small window
 * (20 rows) and make scrollTo move it, so tests see what a person would.
 */
const LIST_HEIGHT = 480;

export function installListLayout(): void {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('grid-body') || this.classList.contains('transfers-body') ? LIST_HEIGHT : 0;
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('grid-body') || this.classList.contains('transfers-body') ? 800 : 0;
    },
  });
  Element.prototype.scrollTo = function scrollTo(this: Element, options?: ScrollToOptions | number) {
    const top = typeof options === 'object' ? options.top : undefined;
    if (top === undefined) return;
    this.scrollTop = top;
    this.dispatchEvent(new Event('scroll'));
  } as Element['scrollTo'];
}
