/** Bad input (an unknown preset, a missing or invalid key): one sentence, exit code 2, nothing written. */
export class WizardInputError extends Error {
  override name = 'WizardInputError'
}

/** A step that failed after the input was accepted (an install, codegen, the build, the boot check): exit code 1. */
export class WizardStepError extends Error {
  override name = 'WizardStepError'
  constructor(
    message: string,
    /** What the failed command printed, for whoever runs the wizard. */
    readonly detail = '',
  ) {
    super(message)
  }
}
