// JSON text of any value JSON.parse can make, however deep: JSON.stringify recurses and throws
// "Maximum call stack size exceeded" on values nested some thousands of levels deep (a valid
// payload can be), so those are written by an explicit stack instead. Normal values take
// JSON.stringify's own path: the fallback costs nothing until it is needed.

/** `JSON.stringify(value, null, indent)`, for values of any depth. */
export function stringifyJson(value: unknown, indent?: number): string {
  try {
    return indent === undefined ? JSON.stringify(value) : JSON.stringify(value, null, indent);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return stringifyDeep(value, indent === undefined ? '' : ' '.repeat(indent));
  }
}

/** A container being written: its entries, and how many are done. */
interface Frame {
  /** The object's keys (of values that are written), or null for an array. */
  keys: string[] | null;
  values: unknown[];
  at: number;
  /** The indentation of the container's own line. */
  indent: string;
}

/** What JSON.stringify writes for a value (after toJSON), or undefined for what it leaves out. */
function unwrap(value: unknown, key: string): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  return value;
}

function isWritten(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

/** JSON.stringify's output for the same value, by an explicit stack (same key order, spacing and escapes). */
export function stringifyDeep(root: unknown, gap = ''): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const open = (value: unknown, indent: string): void => {
    if (value === null) out.push('null');
    else if (typeof value === 'string') out.push(JSON.stringify(value));
    else if (typeof value === 'number') out.push(Number.isFinite(value) ? String(value) : 'null');
    else if (typeof value === 'boolean') out.push(value ? 'true' : 'false');
    else if (typeof value === 'bigint') JSON.stringify(value); // throws as JSON.stringify does
    else if (Array.isArray(value)) {
      if (value.length === 0) out.push('[]');
      else {
        out.push('[');
        stack.push({ keys: null, values: value, at: 0, indent });
      }
    } else {
      const record = value as Record<string, unknown>;
      const keys: string[] = [];
      const values: unknown[] = [];
      for (const key of Object.keys(record)) {
        const item = unwrap(record[key], key);
        if (isWritten(item)) {
          keys.push(key);
          values.push(item);
        }
      }
      if (keys.length === 0) out.push('{}');
      else {
        out.push('{');
        stack.push({ keys, values, at: 0, indent });
      }
    }
  };
  const top = unwrap(root, '');
  if (!isWritten(top)) return undefined as unknown as string;
  open(top, '');
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.at === frame.values.length) {
      stack.pop();
      if (gap !== '') out.push(`\n${frame.indent}`);
      out.push(frame.keys === null ? ']' : '}');
      continue;
    }
    const index = frame.at++;
    if (index > 0) out.push(',');
    const inner = frame.indent + gap;
    if (gap !== '') out.push(`\n${inner}`);
    let item = frame.values[index];
    if (frame.keys !== null) out.push(JSON.stringify(frame.keys[index]), gap === '' ? ':' : ': ');
    else {
      item = unwrap(item, String(index));
      if (!isWritten(item)) item = null;
    }
    open(item, inner);
  }
  return out.join('');
}

/** Whether a value JSON.parse made holds a number it could not represent (±Infinity, from 1e400). */
export function holdsNonFiniteNumber(root: unknown): boolean {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return true;
    } else if (value !== null && typeof value === 'object') {
      for (const item of Array.isArray(value) ? value : Object.values(value)) pending.push(item);
    }
  }
  return false;
}
