// Guest links without any crypto imports, so the web app can read `#guest=…` at first paint:
// `<base>/app#guest=<guestId>.<secret>`. The fragment never reaches a server (guest-access.ts).

export const GUEST_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
export const GUEST_SECRET_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** `<base>/app#guest=<guestId>.<secret>`: the link the sender passes on. The fragment never reaches a server. */
export function guestLink(options: { baseUrl: string; guestId: string; secret: string }): string {
  if (!GUEST_ID_PATTERN.test(options.guestId) || !GUEST_SECRET_PATTERN.test(options.secret)) throw new TypeError('guestLink: the guest id or secret is malformed');
  return `${options.baseUrl.replace(/\/+$/, '')}/app#guest=${options.guestId}.${options.secret}`;
}

/**
 * Reads `#guest=<guestId>.<secret>` (a full link) or `#guest=<guestId>` (Zegel's own notification, which
 * carries no secret). Also accepts the whole pasted link. Null for anything else.
 */
export function parseGuestFragment(text: string): { guestId: string; secret: string | null } | null {
  const at = text.indexOf('#');
  const fragment = (at >= 0 ? text.slice(at + 1) : text).trim();
  if (!fragment.startsWith('guest=')) return null;
  const [guestId = '', secret, ...rest] = fragment.slice('guest='.length).split('.');
  if (rest.length > 0 || !GUEST_ID_PATTERN.test(guestId) || (secret !== undefined && !GUEST_SECRET_PATTERN.test(secret))) return null;
  return { guestId, secret: secret ?? null };
}

