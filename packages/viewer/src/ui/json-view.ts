// Pretty JSON as DOM: two-space indentation, keys, strings, numbers and literals in their own spans
// for colour. Every token is a text node, so a payload holding markup shows as the text it is.
// Values are walked with an explicit stack, never by recursion: a payload may be nested 10,000
// levels deep, which would overflow the stack of a recursive walk (and of JSON.stringify).
import type { JsonValue } from '@synctrack/core';
import { h, type Child } from './dom.js';

/** Below this depth a value is written on one line: indentation thousands of levels deep helps no one. */
const PRETTY_DEPTH = 40;

/** A piece of JSON text: its kind (for colour) or null for punctuation and whitespace. */
type Token = [kind: 'key' | 'string' | 'number' | 'boolean' | 'null' | null, text: string];

interface Frame {
  keys: string[] | null;
  values: JsonValue[];
  at: number;
  depth: number;
}

/** The tokens of `value` as JSON text: indented (to PRETTY_DEPTH) when `pretty`, else compact. */
function* jsonTokens(value: JsonValue, pretty: boolean): Generator<Token> {
  const stack: Frame[] = [];
  const indentOf = (depth: number) => (pretty && depth <= PRETTY_DEPTH ? `\n${'  '.repeat(depth)}` : '');
  function* open(item: JsonValue, depth: number): Generator<Token> {
    if (item === null) yield ['null', 'null'];
    else if (typeof item === 'string') yield ['string', JSON.stringify(item)];
    else if (typeof item === 'number') yield ['number', Number.isFinite(item) ? String(item) : 'null'];
    else if (typeof item === 'boolean') yield ['boolean', String(item)];
    else if (Array.isArray(item)) {
      if (item.length === 0) yield [null, '[]'];
      else {
        yield [null, '['];
        stack.push({ keys: null, values: item, at: 0, depth });
      }
    } else {
      const keys = Object.keys(item);
      if (keys.length === 0) yield [null, '{}'];
      else {
        yield [null, '{'];
        stack.push({ keys, values: keys.map((key) => item[key]!), at: 0, depth });
      }
    }
  }
  yield* open(value, 0);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.at === frame.values.length) {
      stack.pop();
      yield [null, `${indentOf(frame.depth)}${frame.keys === null ? ']' : '}'}`];
      continue;
    }
    const index = frame.at++;
    yield [null, `${index > 0 ? ',' : ''}${indentOf(frame.depth + 1)}`];
    if (frame.keys !== null) {
      yield ['key', JSON.stringify(frame.keys[index])];
      yield [null, pretty && frame.depth + 1 <= PRETTY_DEPTH ? ': ' : ':'];
    }
    yield* open(frame.values[index]!, frame.depth + 1);
  }
}

/** The payload as indented JSON, or, when it is the text stored (`raw`), that text with a note. */
export function jsonView(value: JsonValue, className = 'json', raw = false): HTMLPreElement {
  if (raw) {
    return h('pre', { class: className }, h('span', { class: 'json-note' }, 'Not JSON: the text as stored\n'), h('span', { class: 'json-raw' }, String(value)));
  }
  const out: Child[] = [];
  let punctuation = '';
  for (const [kind, text] of jsonTokens(value, true)) {
    if (kind === null) {
      punctuation += text;
      continue;
    }
    if (punctuation !== '') out.push(punctuation);
    punctuation = '';
    out.push(h('span', { class: `json-${kind}` }, text));
  }
  if (punctuation !== '') out.push(punctuation);
  return h('pre', { class: className }, out);
}

/** The JSON text jsonView shows (for copying). */
export function jsonText(value: JsonValue, raw = false): string {
  if (raw) return String(value);
  let text = '';
  for (const [, piece] of jsonTokens(value, true)) text += piece;
  return text;
}

/** One line of compact JSON, cut to `max` characters, for a table cell; a string (or raw text) as it is. */
export function jsonPreview(value: JsonValue | null, max = 120): string {
  if (value === null) return 'null';
  let text = '';
  if (typeof value === 'string') text = value;
  else {
    // Only as much of the payload as the cell shows is written.
    for (const [, piece] of jsonTokens(value, false)) {
      text += piece;
      if (text.length > max) break;
    }
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
