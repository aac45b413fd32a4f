/** A short, readable name for a browser or client from its User-Agent: what device and session lists show. Pure; shared with the web client. */
export function describeAgent(userAgent: string | null, unknown = 'Unknown client'): string {
  if (!userAgent) return unknown;
  // Edge also says Chrome, and Chrome also says Safari: the more specific name wins.
  const name = /\bEdg\//.test(userAgent) ? 'Edge' : /(Firefox|Chromium|Chrome|Safari)\/[\d.]+/.exec(userAgent)?.[1];
  const system = /(Windows|Mac OS X|Android|iPhone|iPad|Linux|CrOS)/.exec(userAgent)?.[1];
  if (name && system) return `${name} on ${system === 'Mac OS X' ? 'macOS' : system}`;
  return userAgent.length > 60 ? `${userAgent.slice(0, 57)}…` : userAgent;
}
