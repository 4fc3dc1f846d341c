// The manifest (custom-elements.json) is generated from the element classes' doc headers.
export default {
  globs: ['components/**/*.component.ts'],
  exclude: ['**/*.test.ts'],
  litelement: true,
  outdir: '.',
  // package.json already names the manifest; the freshness check must not rewrite it.
  packagejson: false,
};
