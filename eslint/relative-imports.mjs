// @ts-check
// One style for relative import paths per build system (docs/writing-a-provider.md, "Relative
// imports"): the kit, compiled by tsc to plain ESM, writes `.ts` (tsc rewrites it to `.js`);
// everything a bundler or mkdist resolves (provider packages, the host) writes no extension.
// esquery regexes may not hold a slash, hence \x2F.

const RELATIVE = String.raw`^\.\.?\x2F`
const NODES = ['ImportDeclaration', 'ExportNamedDeclaration', 'ExportAllDeclaration', 'ImportExpression']

/** @param {string} pattern @param {string} message */
function restrictSources(pattern, message) {
  return NODES.map((node) => ({ selector: `${node}[source.value=/${pattern}/]`, message }))
}

/** Relative imports without an extension (`.vue` excepted): bundlers and mkdist resolve them. */
export const withoutExtension = {
  files: ['**/*.ts', '**/*.vue'],
  rules: {
    'no-restricted-syntax': [
      'error',
      ...restrictSources(
        String.raw`${RELATIVE}.*\.(js|ts|mjs|mts)$`,
        'Write relative imports without an extension here: the bundler (or mkdist, which adds `.js` in dist) resolves them.',
      ),
    ],
  },
}

/** Relative imports ending in `.ts`: tsc rewrites them to the `.js` that Node needs in dist. */
export const withTsExtension = {
  files: ['packages/or3-provider-kit/**/*.ts'],
  rules: {
    'no-restricted-syntax': [
      'error',
      ...restrictSources(
        String.raw`${RELATIVE}(?!.*\.ts$)`,
        'Write relative imports in the kit with `.ts`: tsc rewrites them to `.js` for Node (rewriteRelativeImportExtensions).',
      ),
    ],
  },
}
