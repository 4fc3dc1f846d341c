/**
 * The framework entries (React wrappers and JSX types, Vue and Svelte template types) are what
 * scripts/frameworks.ts writes from custom-elements.json, so they cannot drift from the elements;
 * the built React files are client modules that server rendering can import.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { generate } from '../../scripts/frameworks.js';
import { run } from '../../scripts/run.js';

const root = resolve(import.meta.dirname, '../..');

describe('framework entries', () => {
  before(async () => {
    if (!existsSync(join(root, 'dist/react/index.js'))) await run('npx', ['rollup', '-c', '--silent'], { cwd: root });
  });

  test('every generated file matches custom-elements.json (run `npm run build` after changing an element)', () => {
    const files = generate(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
    assert.deepEqual([...files.keys()].sort(), ['react/app-password-panel.ts', 'react/index.ts', 'react/mfa-code-entry.ts', 'react/mfa-phone-enroll.ts', 'react/mfa-phone-input.ts', 'react/mfa-security-info.ts', 'svelte/index.d.ts', 'vue/index.d.ts']);
    for (const [path, text] of files) assert.equal(readFileSync(join(root, path), 'utf8'), text, path);
  });

  test('each wrapper names every event of its element, with the prefix kept', () => {
    const code = readFileSync(join(root, 'react/mfa-code-entry.ts'), 'utf8');
    for (const prop of ["onMfaCodeSent: 'mfa-code-sent'", "onMfaVerified: 'mfa-verified'", "onMfaError: 'mfa-error'"]) assert.ok(code.includes(prop), prop);
    assert.match(readFileSync(join(root, 'react/mfa-phone-input.ts'), 'utf8'), /onInput: 'input'[^]*onChange: 'change'/);
  });

  test("every built React file starts with 'use client'", () => {
    const files = readdirSync(join(root, 'dist/react')).filter((f) => f.endsWith('.js'));
    assert.equal(files.length, 6);
    for (const file of files) assert.ok(readFileSync(join(root, 'dist/react', file), 'utf8').startsWith("'use client';"), file);
  });

  test('server rendering imports the wrappers and renders both styles', async () => {
    const react = (await import(pathToFileURL(join(root, 'dist/react/index.js')).href)) as typeof import('../../react/index.js');
    const wrapper = renderToString(createElement(react.MfaPhoneEnroll, { endpoint: '/api/mfa', defaultCountry: 'JP' }));
    assert.match(wrapper, /^<mfa-phone-enroll/);
    const native = renderToString(createElement('mfa-code-entry', { endpoint: '/api/mfa' }));
    assert.equal(native, '<mfa-code-entry endpoint="/api/mfa"></mfa-code-entry>');
  });
});
