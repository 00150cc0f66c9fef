/**
 * Wall-clock time, captured before any test clock is installed: token lifetimes are checked
 * against it, whatever clock the deployment double's functions run on.
 */
export const realNow: () => number = Date.now.bind(Date)
