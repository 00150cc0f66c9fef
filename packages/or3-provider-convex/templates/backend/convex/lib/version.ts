/**
 * The version of these functions' interface. The provider compares it with the one it was built
 * for (`or3-provider-convex` exports the same number) and reports a deployment that needs
 * `or3-provider-convex init --update` and a deploy.
 */
export const BACKEND_VERSION = 3
