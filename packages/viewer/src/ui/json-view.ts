// Pretty JSON as DOM: two-space indentation, keys, strings, numbers and literals in their own spans
// for colour. Every token is a text node, so a payload holding markup shows as the text it is.
import type { JsonValue } from '@synctrack/core';
import { h, type Child } from './dom.js';

function token(kind: string, text: string): HTMLSpanElement {
  return h('span', { class: `json-${kind}` }, text);
}

function render(value: JsonValue, indent: string, out: Child[]): void {
  if (value === null) out.push(token('null', 'null'));
  else if (typeof value === 'string') out.push(token('string', JSON.stringify(value)));
  else if (typeof value === 'number') out.push(token('number', String(value)));
  else if (typeof value === 'boolean') out.push(token('boolean', String(value)));
  else if (Array.isArray(value)) {
    if (value.length === 0) return void out.push('[]');
    out.push('[\n');
    value.forEach((item, index) => {
      out.push(`${indent}  `);
      render(item, `${indent}  `, out);
      out.push(index < value.length - 1 ? ',\n' : '\n');
    });
    out.push(`${indent}]`);
  } else {
    const entries = Object.entries(value);
    if (entries.length === 0) return void out.push('{}');
    out.push('{\n');
    entries.forEach(([key, item], index) => {
      out.push(`${indent}  `, token('key', JSON.stringify(key)), ': ');
      render(item, `${indent}  `, out);
      out.push(index < entries.length - 1 ? ',\n' : '\n');
    });
    out.push(`${indent}}`);
  }
}

export function jsonView(value: JsonValue, className = 'json'): HTMLPreElement {
  const out: Child[] = [];
  render(value, '', out);
  return h('pre', { class: className }, out);
}

/** One line of compact JSON, cut to `max` characters, for a table cell. */
export function jsonPreview(value: JsonValue | null, max = 120): string {
  if (value === null) return 'null';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
