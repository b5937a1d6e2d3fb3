// The taskpane tests' Jest environment: jsdom, with Node's binary and crypto globals shared in, so
// shared/crypto (WebCrypto, hash-wasm, openpgp) runs on the same Uint8Array realm as the code under
// test. Use with the docblock `@jest-environment ./test/addin/taskpane/environment.ts`.
import JsdomEnvironment from 'jest-environment-jsdom';
import { webcrypto } from 'node:crypto';
import { TextDecoder, TextEncoder } from 'node:util';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

type Constructor<T> = T extends new (...args: infer A) => unknown ? A : never;

export default class TaskpaneEnvironment extends JsdomEnvironment {
  constructor(...args: Constructor<typeof JsdomEnvironment>) {
    super(...args);
    // openpgp's browser build is ESM only; the Node builds are CommonJS and run in this realm.
    this.customExportConditions = ['node', 'require', 'default'];
    const global = this.global as unknown as Record<string, unknown>;
    // Browsers have these; jsdom does not (tests build fake fetch answers with Response).
    Object.assign(global, { Uint8Array, ArrayBuffer, TextEncoder, TextDecoder, structuredClone, Response, Request, Headers });
    Object.defineProperty(global, 'crypto', { value: webcrypto, configurable: true });
    // jsdom lays nothing out; Fluent's MessageBar still watches its size.
    global.ResizeObserver ??= class {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    };
    // jsdom lays nothing out, so offsetParent is always null and tabster (Fluent's focus manager)
    // takes every element for display:none: dialogs would then focus their surface, not their first
    // control, as no browser does. Attached elements that are not hidden get their parent here.
    Object.defineProperty((global.HTMLElement as typeof HTMLElement).prototype, 'offsetParent', {
      configurable: true,
      get(this: HTMLElement): Element | null {
        if (this.hidden || this.style.display === 'none') return null;
        for (let el = this.parentElement; el; el = el.parentElement) {
          if (el.hidden || el.style.display === 'none') return null;
        }
        return this.isConnected ? this.parentElement : null;
      },
    });
    // openpgp's Node build makes a `require` from document.currentScript when a document exists;
    // jsdom has none, so it gets a script "at" the project root (only its URL is read).
    const script = { tagName: 'SCRIPT', src: pathToFileURL(path.resolve(__dirname, '../../../openpgp.cjs')).href };
    Object.defineProperty(this.global.document, 'currentScript', { get: () => script, configurable: true });
  }
}
