// Read by `nuxt-module-build` (unbuild): `or3-provider-clerk/testing`, the test doubles, built beside
// the module but never imported by it, so they stay out of every host's runtime bundle.
export default {
  entries: [{ builder: 'mkdist', input: 'src/testing/', outDir: 'dist/testing', ext: 'js', addRelativeDeclarationExtensions: true }],
}
