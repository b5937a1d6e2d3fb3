// The web app tests' Jest environment: the taskpane's (jsdom with Node's binary and crypto globals, so
// shared/crypto runs for real), plus what a component test against the real API needs in the same
// process: Node's fetch for the app under test, and the timers and streams the API and its database
// driver use. Use with the docblock `@jest-environment ./test/addin/webapp/environment.ts`.
import TaskpaneEnvironment from '../taskpane/environment';
import { ReadableStream, TransformStream, WritableStream } from 'node:stream/web';
import { MessageChannel } from 'node:worker_threads';

type Constructor<T> = T extends new (...args: infer A) => unknown ? A : never;

export default class WebAppEnvironment extends TaskpaneEnvironment {
  constructor(...args: Constructor<typeof TaskpaneEnvironment>) {
    super(...args);
    const global = this.global as unknown as Record<string, unknown>;
    Object.assign(global, {
      fetch,
      // Node's timers (unref, refresh): the API and the database driver run in this realm too.
      setTimeout,
      clearTimeout,
      setInterval,
      clearInterval,
      setImmediate,
      clearImmediate,
      ReadableStream,
      WritableStream,
      TransformStream,
      MessageChannel,
    });
    // jsdom has no CSS.escape; user-event walks radio groups with it (arrow keys).
    const css = (global.CSS ?? {}) as { escape?: (value: string) => string };
    css.escape ??= (value: string) => value.replace(/[^a-zA-Z0-9_\u00a0-\uffff-]/g, (c) => `\\${c}`);
    global.CSS = css;
    // Browsers read a File slice with Blob.arrayBuffer(); jsdom's Blob lacks it, so it reads through
    // jsdom's own FileReader here (the web app slices files one chunk at a time with it).
    const BlobClass = global.Blob as { prototype: { arrayBuffer?: () => Promise<ArrayBuffer> } };
    const Reader = global.FileReader as new () => FileReader;
    BlobClass.prototype.arrayBuffer ??= function (this: Blob) {
      return new Promise<ArrayBuffer>((resolve, reject) => {
        const reader = new Reader();
        reader.onload = () => resolve(reader.result as ArrayBuffer);
        reader.onerror = () => reject(reader.error ?? new Error('read failed'));
        reader.readAsArrayBuffer(this);
      });
    };
  }
}
