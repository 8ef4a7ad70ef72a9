// Builds DOM (HTML, and SVG for the charts) from data without ever parsing HTML: strings become
// text nodes, attributes are set one by one, and event handlers must be functions. With the Trusted
// Types CSP, an HTML sink would throw anyway; these helpers are why none is needed.
export type Child = Node | string | number | null | undefined | false | Child[];

type Handler = (event: Event) => void;
export type Props = Record<string, string | number | boolean | Handler | null | undefined>;

function isSafeUrl(value: string): boolean {
  // In-app routes and same-origin API paths only: never a javascript: or another origin's URL.
  return value.startsWith('#') || (value.startsWith('/') && !value.startsWith('//'));
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, ...child);
    else parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) {
      if (typeof value !== 'function') throw new TypeError(`${name} must be a function`);
      element.addEventListener(name.slice(2), value);
      continue;
    }
    if (typeof value === 'function') throw new TypeError(`${name} cannot be a function`);
    if (name === 'testid') {
      element.setAttribute('data-testid', String(value));
    } else if (name === 'href' || name === 'src') {
      if (!isSafeUrl(String(value))) throw new TypeError(`Refusing ${name} ${String(value)}`);
      element.setAttribute(name, String(value));
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, ...children);
  return element;
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element, built like `h`: attributes one by one, strings as text nodes. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number | null> = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null) continue;
    if (name.startsWith('on') || name === 'href' || name === 'xlink:href') throw new TypeError(`svg() does not set ${name}`);
    element.setAttribute(name === 'testid' ? 'data-testid' : name, String(value));
  }
  append(element, ...children);
  return element;
}
