// The Secure send component tests' Jest environment: jsdom with Node's binary, crypto and fetch
// globals shared in, so shared/crypto (WebCrypto, hash-wasm, openpgp), jose and pdf-lib run on the same
// Uint8Array realm as the code under test. Use with the docblock
// `@jest-environment ./test/addin/secure-send/environment.ts`.
import JsdomEnvironment from 'jest-environment-jsdom';
import { webcrypto } from 'node:crypto';
import { TextDecoder, TextEncoder } from 'node:util';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

type Constructor<T> = T extends new (...args: infer A) => unknown ? A : never;

export default class SecureSendEnvironment extends JsdomEnvironment {
  constructor(...args: Constructor<typeof JsdomEnvironment>) {
    super(...args);
    // openpgp's browser build is ESM only; the Node builds are CommonJS and run in this realm.
    this.customExportConditions = ['node', 'require', 'default'];
    const global = this.global as unknown as Record<string, unknown>;
    Object.assign(global, { Uint8Array, ArrayBuffer, TextEncoder, TextDecoder, structuredClone, Response, Request, Headers });
    Object.defineProperty(global, 'crypto', { value: webcrypto, configurable: true });
    global.ResizeObserver ??= class {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    };
    // jsdom has no CSS.escape; user-event walks radio groups with it (arrow keys).
    const css = (global.CSS ?? {}) as { escape?: (value: string) => string };
    css.escape ??= (value: string) => value.replace(/[^a-zA-Z0-9_\u00a0-\uffff-]/g, (c) => `\\${c}`);
    global.CSS = css;
    // openpgp's Node build makes a `require` from document.currentScript when a document exists.
    const script = { tagName: 'SCRIPT', src: pathToFileURL(path.resolve(__dirname, '../../../openpgp.cjs')).href };
    Object.defineProperty(this.global.document, 'currentScript', { get: () => script, configurable: true });
  }
}
