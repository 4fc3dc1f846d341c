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

/**
 * What a class keeps to itself is not its API. The analyzer reads Lit's `static properties` as public
 * fields with attributes, even an internal `{ state: true }` one or one documented `@internal`:
 * private fields keep no attribute, and `@internal` ones are left out, their attribute kept under the
 * name it has in the class's doc header. Public fields are written as the analyzer writes decorated ones.
 */
function ownFieldsOnly() {
  return {
    name: 'own-fields-only',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isClassDeclaration(node)) return;
      const declaration = moduleDoc.declarations?.find((candidate) => candidate.name === node.name?.getText());
      if (!declaration) return;
      const fields = node.members.filter((member) => ts.isPropertyDeclaration(member));
      const named = (test) => new Set(fields.filter(test).map((member) => member.name.getText()));
      const internal = named((member) => member.jsDoc?.some((doc) => doc.tags?.some((tag) => tag.tagName.getText() === 'internal')));
      const hidden = named((member) => member.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.PrivateKeyword));
      declaration.members = declaration.members?.filter((member) => !internal.has(member.name));
      for (const member of declaration.members ?? []) {
        if (hidden.has(member.name)) delete member.attribute;
        // Public is the default, and how the analyzer writes every other public field.
        if (member.privacy === 'public') delete member.privacy;
      }
      declaration.attributes = declaration.attributes?.filter((attribute) => !hidden.has(attribute.fieldName));
      for (const attribute of declaration.attributes ?? []) if (internal.has(attribute.fieldName)) delete attribute.fieldName;
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
  plugins: [ownFieldsOnly(), inheritedAttributeFields()],
};
