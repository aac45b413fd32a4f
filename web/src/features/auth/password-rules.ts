/** The browser's own check of a new password, so obvious mistakes need no round trip; the server checks again and has the last word. */

export const MIN_PASSWORD_LENGTH = 12;

export function localPasswordProblem(next: string, confirm: string): { field: 'newPassword' | 'confirmPassword'; message: string } | null {
  // Count code points, as the server does: an emoji is one character to the person typing it.
  if ([...next].length < MIN_PASSWORD_LENGTH) {
    return { field: 'newPassword', message: `The new password must be at least ${MIN_PASSWORD_LENGTH} characters long.` };
  }
  if (next !== confirm) return { field: 'confirmPassword', message: 'The two new passwords differ.' };
  return null;
}
