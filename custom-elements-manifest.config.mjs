// The manifest (custom-elements.json) is generated from the element classes' doc headers.
export default {
  globs: ['components/**/*.component.ts'],
  exclude: ['**/*.test.ts'],
  litelement: true,
  outdir: '.',
};
