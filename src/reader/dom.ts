/** A tiny element builder: text always goes in as text nodes, never as HTML (server text is hostile). */
type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function')
      el.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, ...children);
  return el;
}

export function append(el: Element, ...children: Child[]) {
  for (const child of children)
    if (child !== null && child !== undefined && child !== false) el.append(child);
}

/** Replaces what a container shows. */
export function show(el: Element, ...children: Child[]) {
  el.replaceChildren();
  append(el, ...children);
}

/** Tells screen readers what just happened (the live region in index.html). */
export function announce(message: string) {
  const status = document.getElementById('status');
  if (status) status.textContent = message;
}

export const errorText = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

export function errorBox(error: unknown): HTMLElement {
  return h('p', { class: 'error', role: 'alert' }, `Something went wrong: ${errorText(error)}`);
}
