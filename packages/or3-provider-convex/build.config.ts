// Read by unbuild under nuxt-module-build: besides the module and its runtime, the init CLI (the
// package's bin) and the test doubles of `or3-provider-convex/testing`, transpiled file by file.
export default {
  entries: [
    { builder: 'mkdist', input: 'src/cli/', outDir: 'dist/cli', ext: 'js', declaration: true, addRelativeDeclarationExtensions: true },
    { builder: 'mkdist', input: 'src/testing/', outDir: 'dist/testing', ext: 'js', declaration: true, addRelativeDeclarationExtensions: true },
  ],
}
