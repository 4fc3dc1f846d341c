// The manifest (custom-elements.json) is generated from the element classes' doc headers.

/** An attribute documented with `@attribute` names no field; the inherited ones (`lang`) are their camelCase property. */
function inheritedAttributeFields() {
  return {
    name: 'inherited-attribute-fields',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          for (const attribute of declaration.attributes ?? []) {
            attribute.fieldName ??= attribute.name.replace(/-(\w)/g, (_, letter) => letter.toUpperCase());
          }
        }
      }
    },
  };
}

export default {
  globs: ['components/**/*.component.ts'],
  exclude: ['**/*.test.ts'],
  litelement: true,
  outdir: '.',
  // package.json already names the manifest; the freshness check must not rewrite it.
  packagejson: false,
  plugins: [inheritedAttributeFields()],
};
