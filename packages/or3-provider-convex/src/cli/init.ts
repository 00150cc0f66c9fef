import { relative } from 'node:path'
import { DEFAULT_BACKEND_DIR, planTemplates, writePlannedFile, type PlannedFile } from './backend-templates'

export type InitMode = 'create' | 'update' | 'force'

export interface InitOptions {
  /** The host repository (the current directory for the CLI). */
  hostRoot: string
  backendDir?: string
  mode: InitMode
}

export interface InitResult {
  /** 0 done, 1 refused because files differ. */
  exitCode: 0 | 1
  written: string[]
  unchanged: string[]
  /** Files that differ from the templates and were left as they are. */
  differing: string[]
  lines: string[]
}

/**
 * Puts the backend folder into the host repository. Missing files are always written; a file
 * that differs from its template is a conflict: without a flag nothing is written, `--update`
 * writes only the missing files and lists the others, `--force` replaces them.
 */
export function runInit(options: InitOptions): InitResult {
  const backendDir = options.backendDir ?? DEFAULT_BACKEND_DIR
  const plan = planTemplates(options.hostRoot, backendDir)
  const shown = (file: PlannedFile) => relative(options.hostRoot, file.target)
  const missing = plan.filter((file) => file.state === 'missing')
  const different = plan.filter((file) => file.state === 'different')
  const unchanged = plan.filter((file) => file.state === 'identical').map(shown)

  if (options.mode === 'create' && different.length > 0) {
    return {
      exitCode: 1,
      written: [],
      unchanged,
      differing: different.map(shown),
      lines: [
        `${different.length} file(s) in ${backendDir} differ from the templates of this version:`,
        ...different.map((file) => `  ${shown(file)}`),
        'Nothing was written. Run `or3-provider-convex init --update` to add only the missing files and keep',
        'yours, or `or3-provider-convex init --force` to replace them with the templates.',
      ],
    }
  }

  const toWrite = options.mode === 'force' ? [...missing, ...different] : missing
  for (const file of toWrite) writePlannedFile(file)
  const kept = options.mode === 'force' ? [] : different
  const lines = [
    ...toWrite.map((file) => `${file.state === 'missing' ? 'created ' : 'replaced'} ${shown(file)}`),
    ...(unchanged.length > 0 ? [`unchanged: ${unchanged.length} file(s)`] : []),
    ...(kept.length > 0
      ? ['These files differ from the templates and were kept (compare them, or use --force):', ...kept.map((file) => `  ${shown(file)}`)]
      : []),
    '',
    ...nextSteps(backendDir),
  ]
  return { exitCode: 0, written: toWrite.map(shown), unchanged, differing: kept.map(shown), lines }
}

function nextSteps(backendDir: string): string[] {
  return [
    'Next steps:',
    `  1. cd ${backendDir} && bun install`,
    '  2. bun run codegen            writes convex/_generated/ with no network;',
    `                                ${backendDir}/.gitignore keeps it (and node_modules) out of git`,
    '  3. On the deployment, set the tokens it trusts (then deploy again):',
    '       bun run env:set OR3_JWT_ISSUER <the OR3 server\'s issuer URL>',
    '       bun run env:set OR3_JWKS <its JWKS: https URL or data:application/json;base64,...>',
    '       bun run env:set CLERK_JWT_ISSUER_DOMAIN <Clerk Frontend API URL>   (with Clerk only)',
    '  4. Deploy: CONVEX_DEPLOY_KEY=<deploy key> bun run deploy',
    '  5. Point the OR3 server at the deployment: OR3_CONVEX_URL=https://<deployment>.convex.cloud',
    'The OR3 app itself never lists convex: the backend folder has its own package.json.',
  ]
}
