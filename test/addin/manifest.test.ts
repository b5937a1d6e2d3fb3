// manifest.xml, parsed as XML and checked against the code that serves it: every resource reference
// resolves, every launch-event function is registered by the built send-event file, every command id
// and notification icon the code uses exists, all URLs share the configured https origin, and every
// string has its Dutch override.
import fs from 'node:fs';
import path from 'node:path';
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import { JSDOM } from 'jsdom';
import type webpack from 'webpack';
import { NOTICE_ICON_ID, SECURE_SEND_COMMAND_ID } from '../../addin/send-event/ids';
import { loadOfficeHost, unloadOfficeHost } from '../office-host/load';
import { buildSendEventBundle, runBundle, type BuiltBundle } from './send-event/build-bundle';

const root = path.resolve(__dirname, '../..');
const rawManifest = fs.readFileSync(path.join(root, 'manifest.xml'), 'utf8');

interface ManifestConfig {
  DEFAULT_ORIGIN: string;
  buildOptionsFromEnv(env: Record<string, string | undefined>): { origin: string; sendMode: string };
  renderManifest(xml: string, options: { origin: string; sendMode: string }): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require(path.join(root, 'scripts/manifest-config.cjs')) as ManifestConfig;

function parse(xml: string): Document {
  const { DOMParser } = new JSDOM('').window;
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const error = doc.getElementsByTagName('parsererror')[0];
  if (error) throw new Error(`manifest.xml is not well-formed: ${error.textContent}`);
  return doc;
}

const doc = parse(rawManifest);
const all = (localName: string, scope: Document | Element = doc): Element[] => Array.from(scope.getElementsByTagName('*')).filter((e) => e.localName === localName);
const one = (localName: string, scope: Document | Element = doc): Element => {
  const found = all(localName, scope);
  if (found.length !== 1) throw new Error(`expected one <${localName}>, found ${found.length}`);
  return found[0]!;
};
const attr = (e: Element, name: string): string => e.getAttribute(name) ?? '';
/** A direct child of <OfficeApp> (Description also names tooltips deeper down). */
const base = (localName: string): Element => {
  const found = Array.from(doc.documentElement.children).filter((e) => e.localName === localName);
  if (found.length !== 1) throw new Error(`expected one <OfficeApp>/<${localName}>, found ${found.length}`);
  return found[0]!;
};

const resources = one('Resources');
const resourceIds = (kind: 'Image' | 'Url' | 'String', group: string): string[] =>
  all(kind, one(group, resources)).map((e) => attr(e, 'id'));
const images = resourceIds('Image', 'Images');
const urls = resourceIds('Url', 'Urls');
const shortStrings = resourceIds('String', 'ShortStrings');
const longStrings = resourceIds('String', 'LongStrings');
const controlIds = all('Control').map((e) => attr(e, 'id'));
const launchEvents = all('LaunchEvent').map((e) => ({ type: attr(e, 'Type'), functionName: attr(e, 'FunctionName'), sendMode: e.getAttribute('SendMode') }));

let bundle: BuiltBundle;

beforeAll(async () => {
  bundle = await buildSendEventBundle();
}, 120_000);

afterAll(() => bundle?.remove());

describe('the manifest', () => {
  it('is a mail add-in with VersionOverrides 1.1, ReadWriteItem and shared-folder support', () => {
    const app = doc.documentElement;
    expect(app.localName).toBe('OfficeApp');
    expect(app.getAttributeNS('http://www.w3.org/2001/XMLSchema-instance', 'type')).toBe('MailApp');
    expect(one('Permissions').textContent?.trim()).toBe('ReadWriteItem');
    const overrides = all('VersionOverrides').map((e) => e.namespaceURI);
    expect(overrides).toContain('http://schemas.microsoft.com/office/mailappversionoverrides/1.1');
    expect(one('SupportsSharedFolders').textContent?.trim()).toBe('true');
    expect(attr(one('Sets', one('Requirements', all('VersionOverrides')[1])), 'DefaultMinVersion')).toBe('1.12');
  });

  it('resolves every resid to a resource of the right kind', () => {
    const expected: Record<string, string[]> = { Image: images, SourceLocation: urls, Runtime: urls, Override: urls, FunctionFile: urls, Label: shortStrings, Title: shortStrings, Description: longStrings };
    const references = Array.from(doc.getElementsByTagName('*')).filter((e) => e.hasAttribute('resid'));
    expect(references.length).toBeGreaterThan(10);
    for (const e of references) {
      const kind = expected[e.localName];
      expect({ element: e.localName, resid: attr(e, 'resid'), known: Boolean(kind) }).toEqual({ element: e.localName, resid: attr(e, 'resid'), known: true });
      expect({ element: e.localName, resid: attr(e, 'resid'), resolves: kind!.includes(attr(e, 'resid')) }).toEqual({ element: e.localName, resid: attr(e, 'resid'), resolves: true });
    }
  });

  it('defines no resource twice and none that nothing uses', () => {
    const ids = [...images, ...urls, ...shortStrings, ...longStrings];
    expect(new Set(ids).size).toBe(ids.length);
    const used = new Set(Array.from(doc.getElementsByTagName('*')).map((e) => attr(e, 'resid')));
    used.add(NOTICE_ICON_ID); // notification icons are named from code
    expect(ids.filter((id) => !used.has(id))).toEqual([]);
  });

  it('has Secure send on the compose ribbon and the secure inbox on the read ribbon, both opening the pane', () => {
    const compose = all('ExtensionPoint').find((e) => e.getAttributeNS('http://www.w3.org/2001/XMLSchema-instance', 'type') === 'MessageComposeCommandSurface')!;
    const read = all('ExtensionPoint').find((e) => e.getAttributeNS('http://www.w3.org/2001/XMLSchema-instance', 'type') === 'MessageReadCommandSurface')!;
    const secureSend = all('Control', compose).find((c) => attr(c, 'id') === SECURE_SEND_COMMAND_ID)!;
    expect(secureSend).toBeDefined();
    expect(one('Action', secureSend).getAttributeNS('http://www.w3.org/2001/XMLSchema-instance', 'type')).toBe('ShowTaskpane');
    expect(all('Control', read)).toHaveLength(1);
    expect(attr(one('SourceLocation', all('Control', read)[0]), 'resid')).toBe('Inbox.Url');
    expect(new Set(controlIds).size).toBe(controlIds.length);
  });

  it('declares the four launch events, OnMessageSend as SoftBlock by default, on the runtime with its JavaScript override', () => {
    expect(launchEvents.map((e) => e.type).sort()).toEqual(['OnMessageFromChanged', 'OnMessageRecipientsChanged', 'OnMessageSend', 'OnNewMessageCompose']);
    expect(launchEvents.find((e) => e.type === 'OnMessageSend')?.sendMode).toBe('SoftBlock');
    expect(launchEvents.filter((e) => e.sendMode !== null)).toHaveLength(1);
    const runtime = one('Runtime');
    const override = one('Override', runtime);
    expect(attr(override, 'type')).toBe('javascript');
    const launch = all('ExtensionPoint').find((e) => e.getAttributeNS('http://www.w3.org/2001/XMLSchema-instance', 'type') === 'LaunchEvent')!;
    expect(attr(one('SourceLocation', launch), 'resid')).toBe(attr(runtime, 'resid'));
    expect(attr(one('FunctionFile'), 'resid')).toBe(attr(runtime, 'resid'));
  });

  it('points the runtimes at the files the build writes', () => {
    const urlOf = (id: string) => attr(all('Url', resources).find((u) => attr(u, 'id') === id)!, 'DefaultValue');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const configs = (require(path.join(root, 'webpack.config.js')) as (e: unknown, argv: { mode: string }) => webpack.Configuration[])({}, { mode: 'production' });
    const sendEvent = configs.find((c) => c.name === 'send-event')!;
    expect(Object.keys(sendEvent.entry as Record<string, string>)).toEqual(['send-event']);
    const html = (sendEvent.plugins ?? []).map((p) => (p as { userOptions?: { filename?: string } }).userOptions?.filename);
    expect(new URL(urlOf(attr(one('Override', one('Runtime')), 'resid'))).pathname).toBe('/send-event.js');
    expect(html).toContain(new URL(urlOf(attr(one('Runtime'), 'resid'))).pathname.slice(1));
  });

  it('has a Dutch override for the name, the description and every string', () => {
    const overridden = (e: Element) => all('Override', e).filter((o) => attr(o, 'Locale') === 'nl-NL' && attr(o, 'Value').trim() !== '');
    for (const e of [base('DisplayName'), base('Description'), ...all('String', resources)]) {
      expect({ element: attr(e, 'id') || e.localName, nl: overridden(e).length }).toEqual({ element: attr(e, 'id') || e.localName, nl: 1 });
    }
  });

  it('keeps strings within the manifest limits', () => {
    const value = (e: Element) => [attr(e, 'DefaultValue'), ...all('Override', e).map((o) => attr(o, 'Value'))];
    for (const v of value(base('DisplayName'))) expect(v.length).toBeLessThanOrEqual(125);
    for (const v of value(base('Description'))) expect(v.length).toBeLessThanOrEqual(250);
    for (const s of all('String', one('ShortStrings', resources))) for (const v of value(s)) expect(v.length).toBeLessThanOrEqual(125);
    for (const s of all('String', one('LongStrings', resources))) for (const v of value(s)) expect(v.length).toBeLessThanOrEqual(250);
  });
});

describe('the manifest and the built send-event file', () => {
  it('registers every FunctionName with Office.actions.associate', () => {
    for (const { functionName } of launchEvents) expect(bundle.source).toContain(`Office.actions.associate('${functionName}'`);
    const host = loadOfficeHost();
    try {
      runBundle(bundle.source);
      for (const { functionName } of launchEvents) expect(typeof host.handler(functionName)).toBe('function');
    } finally {
      unloadOfficeHost();
    }
  });

  it('uses only command ids that are control ids, in the bundle and in the add-in sources', () => {
    const used = new Set<string>();
    // In the built file: every `commandId: X` property and `x.commandId = X` assignment, X resolved to a literal.
    const ast = acorn.parse(bundle.source, { ecmaVersion: 2016, sourceType: 'script' });
    const constants = new Map<string, string>();
    walk.full(ast, (node) => {
      if (node.type === 'VariableDeclarator') {
        const d = node;
        if (d.id.type === 'Identifier' && d.init?.type === 'Literal' && typeof d.init.value === 'string') constants.set(d.id.name, d.init.value);
      }
    });
    const resolve = (value: acorn.Node): string => {
      if (value.type === 'Literal') return String((value as acorn.Literal).value);
      if (value.type === 'Identifier' && constants.has((value as acorn.Identifier).name)) return constants.get((value as acorn.Identifier).name)!;
      throw new Error(`cannot resolve a commandId at ${value.start}`);
    };
    let sites = 0;
    walk.full(ast, (node) => {
      if (node.type === 'Property') {
        const p = node as acorn.Property;
        if (p.key.type === 'Identifier' && p.key.name === 'commandId') {
          sites += 1;
          used.add(resolve(p.value));
        }
      }
      if (node.type === 'AssignmentExpression') {
        const a = node;
        if (a.left.type === 'MemberExpression' && a.left.property.type === 'Identifier' && a.left.property.name === 'commandId') {
          sites += 1;
          used.add(resolve(a.right));
        }
      }
    });
    expect(sites).toBeGreaterThanOrEqual(2);
    // In the add-in's sources: string literals given as a commandId.
    const files = fs.readdirSync(path.join(root, 'addin'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|tsx)$/.test(f));
    for (const file of files) {
      const text = fs.readFileSync(path.join(root, 'addin', file), 'utf8');
      for (const m of text.matchAll(/commandId\s*[:=]\s*['"]([^'"]+)['"]/g)) used.add(m[1]!);
    }
    expect([...used].filter((id) => !controlIds.includes(id))).toEqual([]);
    expect(used.has(SECURE_SEND_COMMAND_ID)).toBe(true);
  });

  it('names notification icons that are manifest images', () => {
    expect(images).toContain(NOTICE_ICON_ID);
    expect(bundle.source).toContain(`'${NOTICE_ICON_ID}'`);
  });
});

describe('URLs and the configured origin', () => {
  const urlValues = (xml: string): string[] => {
    const d = parse(xml);
    const list: string[] = [];
    for (const e of Array.from(d.getElementsByTagName('*'))) {
      if (['IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'SourceLocation', 'Image', 'Url'].includes(e.localName) && e.hasAttribute('DefaultValue')) list.push(attr(e, 'DefaultValue'));
      if (e.localName === 'AppDomain') list.push(e.textContent?.trim() ?? '');
    }
    return list;
  };

  it('shares one https origin in the checked-in manifest', () => {
    const values = urlValues(rawManifest);
    expect(values.length).toBeGreaterThan(8);
    for (const v of values) expect(new URL(v).origin).toBe(config.DEFAULT_ORIGIN);
  });

  it('moves every URL to a custom origin and sets Block when the build asks for it', () => {
    const options = config.buildOptionsFromEnv({ PUBLIC_BASE_URL: 'https://zegel.kantoor.example', SEND_MODE: 'Block' });
    const rendered = config.renderManifest(rawManifest, options);
    const values = urlValues(rendered);
    expect(values).toHaveLength(urlValues(rawManifest).length);
    for (const v of values) expect(new URL(v).origin).toBe('https://zegel.kantoor.example');
    expect(rendered).not.toContain('localhost');
    const sendModes = all('LaunchEvent', parse(rendered)).map((e) => e.getAttribute('SendMode')).filter(Boolean);
    expect(sendModes).toEqual(['Block']);
  });

  it('keeps SoftBlock by default', () => {
    const rendered = config.renderManifest(rawManifest, config.buildOptionsFromEnv({ PUBLIC_BASE_URL: 'https://zegel.kantoor.example' }));
    expect(all('LaunchEvent', parse(rendered)).map((e) => e.getAttribute('SendMode')).filter(Boolean)).toEqual(['SoftBlock']);
  });

  it('refuses to render a manifest that lost its SendMode', () => {
    const options = config.buildOptionsFromEnv({});
    expect(() => config.renderManifest(rawManifest.replace(' SendMode="SoftBlock"', ''), options)).toThrow(/SendMode/);
  });

  it.each([
    [{ PUBLIC_BASE_URL: 'http://zegel.example' }, /https/],
    [{ PUBLIC_BASE_URL: 'https://zegel.example/app' }, /without a path/],
    [{ PUBLIC_BASE_URL: 'not a url' }, /invalid URL/],
    [{ SEND_MODE: 'PromptUser' }, /SEND_MODE/],
  ])('refuses %j', (env, message) => {
    expect(() => config.buildOptionsFromEnv(env)).toThrow(message);
  });
});
