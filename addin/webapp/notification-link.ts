// The link in Zegel's notification e-mail names the secure message it announces:
// `<origin>/app#message=<messageId>` (a fragment, so it stays out of server logs and Referer headers).
// Only links to this Zegel's own origin count: a mail pointing elsewhere opens nothing here.

const MESSAGE_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** The message id a link points to, or null when it is not a Zegel message link of `origin`. */
export function messageIdFromLink(link: string, origin: string): string | null {
  let url: URL;
  let own: URL;
  try {
    url = new URL(link.trim());
    own = new URL(origin);
  } catch {
    return null;
  }
  if (url.origin !== own.origin || (url.pathname !== '/app' && url.pathname !== '/app/')) return null;
  const match = /^#message=([^&]+)$/.exec(url.hash);
  const id = match?.[1];
  return id !== undefined && MESSAGE_ID.test(id) ? id : null;
}

/** Links in a mail body: href attributes of an HTML body, and bare URLs in a text one. */
export function linksIn(body: string): string[] {
  const out: string[] = [];
  for (const m of body.matchAll(/href\s*=\s*("([^"]*)"|'([^']*)')/gi)) out.push((m[2] ?? m[3] ?? '').replace(/&amp;/g, '&'));
  for (const m of body.matchAll(/https?:\/\/[^\s"'<>]+/g)) out.push(m[0]);
  return out;
}

/** The first Zegel message a notification body points to, or null. */
export function notifiedMessageId(body: string, origin: string): string | null {
  for (const link of linksIn(body)) {
    const id = messageIdFromLink(link, origin);
    if (id) return id;
  }
  return null;
}
