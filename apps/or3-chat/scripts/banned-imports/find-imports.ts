/**
 * Finds every module specifier a source file depends on, by parsing it.
 *
 * Parsing (TypeScript compiler API, @vue/compiler-sfc for .vue) instead of grepping is the
 * point: a comment or a string that merely mentions 'convex' is not an import, while a
 * `typeof import('convex')` buried in a type is one.
 */
import path from 'node:path'
import ts from 'typescript'
import { parse as parseSfc } from '@vue/compiler-sfc'

export type ImportKind =
  | 'import'
  | 'import type'
  | 'side-effect import'
  | 'import = require'
  | 'dynamic import'
  | 'require'
  | 're-export'
  | 'type re-export'
  | 'typeof import()'
  | 'import() type'
  | 'reference types'
  | 'reference path'
  | 'script src'

export interface FoundImport {
  specifier: string
  kind: ImportKind
  /** 1-based, in the original file (a .vue file, not its extracted script block). */
  line: number
  /** 1-based, at the specifier (its opening quote when it is a string literal). */
  column: number
}

export interface ParseProblem {
  message: string
  line: number
  column: number
}

export interface SourceAnalysis {
  imports: FoundImport[]
  /** Reasons the file could not be fully checked; the caller should fail closed on them. */
  problems: ParseProblem[]
}

/** File extensions the guardrail reads, mapped to how TypeScript should parse them. */
export const SCRIPT_KINDS: Readonly<Record<string, ts.ScriptKind>> = {
  '.ts': ts.ScriptKind.TS,
  '.mts': ts.ScriptKind.TS,
  '.cts': ts.ScriptKind.TS,
  '.tsx': ts.ScriptKind.TSX,
  '.js': ts.ScriptKind.JS,
  '.mjs': ts.ScriptKind.JS,
  '.cjs': ts.ScriptKind.JS,
  '.jsx': ts.ScriptKind.JSX,
}

const VUE_LANG_KINDS: Readonly<Record<string, ts.ScriptKind>> = {
  js: ts.ScriptKind.JS,
  jsx: ts.ScriptKind.JSX,
  ts: ts.ScriptKind.TS,
  tsx: ts.ScriptKind.TSX,
}

/** An import found at an absolute character offset of the original file. */
interface RawImport {
  specifier: string
  kind: ImportKind
  offset: number
}

/** Collects the specifiers of one script (a whole file, or one <script> block). */
function collectFromScript(code: string, fileName: string, kind: ts.ScriptKind, base: number): RawImport[] {
  const sourceFile = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, kind)
  const found: RawImport[] = []
  const add = (specifier: string, importKind: ImportKind, node: ts.Node) =>
    found.push({ specifier, kind: importKind, offset: base + node.getStart(sourceFile) })

  // import('x') / require('x') may take any expression; only literals name a module statically.
  // A template with substitutions still names its package when the head holds a '/':
  // import(`convex/${name}`) reaches convex whatever `name` is.
  const addArgument = (arg: ts.Expression | undefined, importKind: ImportKind) => {
    if (!arg) return
    if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) add(arg.text, importKind, arg)
    else if (ts.isTemplateExpression(arg) && arg.head.text.includes('/')) {
      add(`${arg.head.text}\${…}`, importKind, arg)
    }
  }

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause
      const importKind = !clause ? 'side-effect import' : clause.isTypeOnly ? 'import type' : 'import'
      add(node.moduleSpecifier.text, importKind, node.moduleSpecifier)
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly ? 'type re-export' : 're-export', node.moduleSpecifier)
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      addArgument(node.moduleReference.expression, 'import = require')
    } else if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        addArgument(node.arguments[0], 'dynamic import')
      } else if (ts.isIdentifier(node.expression) && node.expression.text === 'require') {
        addArgument(node.arguments[0], 'require')
      }
    } else if (ts.isImportTypeNode(node)) {
      const argument = node.argument
      if (ts.isLiteralTypeNode(argument) && ts.isStringLiteral(argument.literal)) {
        add(argument.literal.text, node.isTypeOf ? 'typeof import()' : 'import() type', argument.literal)
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(sourceFile)

  // Triple-slash directives are the one kind of comment TypeScript treats as a dependency.
  for (const ref of sourceFile.typeReferenceDirectives) {
    found.push({ specifier: ref.fileName, kind: 'reference types', offset: base + ref.pos })
  }
  for (const ref of sourceFile.referencedFiles) {
    const relative = /^\.{0,2}\//.test(ref.fileName) ? ref.fileName : `./${ref.fileName}`
    found.push({ specifier: relative, kind: 'reference path', offset: base + ref.pos })
  }
  return found
}

/** Extracts <script> and <script setup> from a .vue file, keeping their offsets in the file. */
function collectFromVue(
  source: string,
  fileName: string,
  problems: ParseProblem[],
  toLineColumn: LineMapper,
): RawImport[] {
  const { descriptor, errors } = parseSfc(source, { filename: fileName, sourceMap: false })
  for (const error of errors) {
    const loc = 'loc' in error && error.loc ? error.loc.start : { line: 1, column: 1 }
    problems.push({ message: `cannot parse .vue file: ${error.message}`, line: loc.line, column: loc.column })
  }

  const found: RawImport[] = []
  for (const block of [descriptor.script, descriptor.scriptSetup]) {
    if (!block) continue
    const base = block.loc.start.offset
    if (block.src) {
      const tagStart = source.lastIndexOf('<script', base)
      const srcAt = source.indexOf(block.src, tagStart)
      found.push({ specifier: block.src, kind: 'script src', offset: srcAt >= 0 ? srcAt : tagStart })
    }
    const lang = block.lang ?? 'js'
    const kind = VUE_LANG_KINDS[lang]
    if (kind === undefined) {
      // An unknown language cannot be checked; saying so beats passing silently.
      problems.push({ message: `unsupported <script lang="${lang}">`, ...toLineColumn(base) })
      continue
    }
    found.push(...collectFromScript(block.content, `${fileName}.${lang}`, kind, base))
  }
  return found
}

type LineMapper = (offset: number) => { line: number; column: number }

/** Maps a character offset to a 1-based line and column ('\n' and '\r\n' both end a line). */
function lineMapper(source: string): LineMapper {
  const lineStarts = [0]
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1)
  return (offset) => {
    let low = 0
    let high = lineStarts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (lineStarts[mid]! <= offset) low = mid
      else high = mid - 1
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1 }
  }
}

/** Parses one file's text and returns its imports and any reason it could not be fully read. */
export function analyzeSource(source: string, fileName: string): SourceAnalysis {
  const toLineColumn = lineMapper(source)
  const problems: ParseProblem[] = []
  const extension = path.extname(fileName).toLowerCase()
  let raw: RawImport[]
  if (extension === '.vue') {
    raw = collectFromVue(source, fileName, problems, toLineColumn)
  } else {
    const kind = SCRIPT_KINDS[extension]
    if (kind === undefined) throw new Error(`not a script file: ${fileName}`)
    raw = collectFromScript(source, fileName, kind, 0)
  }
  const imports = raw
    .map(({ specifier, kind, offset }) => ({ specifier, kind, ...toLineColumn(offset) }))
    .sort((a, b) => a.line - b.line || a.column - b.column)
  return { imports, problems }
}

/** The imports of one file (`fileName` picks the parser: .vue, .ts, .tsx, .js, ...). */
export function findImports(source: string, fileName: string): FoundImport[] {
  return analyzeSource(source, fileName).imports
}
