import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
// @ts-expect-error plain ESM script without types
import { buildReadme } from '../scripts/build-readme.mjs';

describe('README', () => {
  it('is the assembly of docs/readme/*.md (regenerate with node scripts/build-readme.mjs)', () => {
    expect(readFileSync('README.md', 'utf8')).toBe(buildReadme());
  });

  it('shows the two commands a new user runs', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain('npm install && npm run conformance');
    expect(readme).toContain('npm test');
  });
});
