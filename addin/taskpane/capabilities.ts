// What the screens may ask of their host, as plain interfaces: the Office adapters (addin/office/)
// implement OfficeCapabilities inside Outlook; outside it NO_OFFICE applies. Tests pass fakes.
import type { ComposeCapabilities } from '../secure-send/types';
import { saveBlob } from '../browser/save-file';

export interface OfficeCapabilities {
  /** The address of the mailbox the pane runs in, or null outside Outlook. */
  mailboxAddress: () => string | null;
  /** The message being composed, when the pane runs on one (Secure send); absent when reading or outside Outlook. */
  compose?: ComposeCapabilities | null;
  /** The body (HTML) of the message open in Outlook's reading pane, when the pane runs on one. */
  readItemBody?: () => Promise<string | null>;
}

export const NO_OFFICE: OfficeCapabilities = { mailboxAddress: () => null, compose: null };

/**
 * What the page's query asks to open first: `?view=secure-send` (browser tests and benchmarks, with
 * the Office host simulator), or `?view=inbox` (the read ribbon's button: the secure messages).
 */
export type StartView = 'secure-send' | 'inbox' | null;

export function readView(search: string): StartView {
  const view = new URLSearchParams(search).get('view');
  return view === 'secure-send' || view === 'inbox' ? view : null;
}

export function browserView(): StartView {
  return typeof window !== 'undefined' ? readView(window.location.search) : null;
}

/** Saving and printing what is shown once (recovery code, backup codes). */
export interface FileActions {
  download: (input: { fileName: string; text: string }) => void;
  print: (input: { title: string; text: string }) => void;
}

/** Blob + download link, and printing from a hidden frame so only the codes are printed. */
export function browserFileActions(): FileActions {
  return {
    download({ fileName, text }) {
      saveBlob(new Blob([text], { type: 'text/plain;charset=utf-8' }), fileName);
    },
    print({ title, text }) {
      const frame = document.createElement('iframe');
      frame.setAttribute('aria-hidden', 'true');
      frame.tabIndex = -1;
      frame.style.cssText = 'position:fixed;width:0;height:0;border:0;left:-9999px';
      document.body.append(frame);
      const doc = frame.contentDocument;
      const win = frame.contentWindow;
      if (!doc || !win) {
        frame.remove();
        return;
      }
      doc.title = title;
      const pre = doc.createElement('pre');
      pre.style.cssText = 'font: 14pt/1.5 monospace; white-space: pre-wrap';
      pre.textContent = text;
      doc.body.append(pre);
      win.focus();
      win.print();
      setTimeout(() => frame.remove(), 1_000);
    },
  };
}

/** The part of the page URL the app reads once at start: the fragment carries invitation tokens. */
export interface LocationFragment {
  hash: string;
  /** Removes the fragment from the address bar (tokens must not linger in history). */
  clear: () => void;
}

export function browserFragment(): LocationFragment {
  return {
    hash: typeof window !== 'undefined' ? window.location.hash : '',
    clear() {
      if (typeof window !== 'undefined' && window.location.hash) window.history.replaceState(null, '', window.location.pathname + window.location.search);
    },
  };
}

export type FragmentIntent =
  | { kind: 'invitation'; token: string }
  | { kind: 'verify'; email: string; code: string }
  | { kind: 'login' }
  | { kind: 'delegations' }
  | { kind: 'message'; messageId: string }
  | { kind: 'none' };

/** `#invitation=<token>`, `#verify=<email>:<code>`, `#message=<id>` (from the mails), `#login` or `#delegations`. */
export function readFragment(hash: string): FragmentIntent {
  const fragment = hash.replace(/^#/, '');
  const invitation = /^invitation=([A-Za-z0-9_-]{16,64})$/.exec(fragment);
  if (invitation?.[1]) return { kind: 'invitation', token: invitation[1] };
  const verify = /^verify=([^:]+):([0-9A-Za-z-]{10,40})$/.exec(fragment);
  if (verify?.[1] && verify[2]) {
    try {
      return { kind: 'verify', email: decodeURIComponent(verify[1]), code: verify[2] };
    } catch {
      return { kind: 'none' };
    }
  }
  if (fragment === 'login') return { kind: 'login' };
  if (fragment === 'delegations') return { kind: 'delegations' };
  // The notification mail's link to a secure message (format: addin/webapp/notification-link.ts).
  const message = /^message=([A-Za-z0-9_-]{8,64})$/.exec(fragment);
  if (message?.[1]) return { kind: 'message', messageId: message[1] };
  return { kind: 'none' };
}
