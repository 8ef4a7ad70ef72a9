// A guard on the front end's source: record data reaches the DOM only as text. (The CSP's Trusted
// Types would make an HTML sink throw in the browser; this catches one before it ships.)
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const uiDir = fileURLToPath(new URL('../src/ui/', import.meta.url));
const sources = readdirSync(uiDir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'));

describe('front end source', () => {
  it.each(sources)('%s uses no HTML sink', (name) => {
    const text = readFileSync(`${uiDir}${name}`, 'utf8');
    for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'DOMParser', 'createContextualFragment', 'eval(', 'new Function']) {
      expect(text, `${name} uses ${sink}`).not.toContain(sink);
    }
  });

  it('index.html loads one external module script and no inline script', () => {
    const html = readFileSync(`${uiDir}public/index.html`, 'utf8');
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('<script type="module" src="/assets/app.js"></script>');
    expect(html).not.toMatch(/\son[a-z]+=/);
  });
});
