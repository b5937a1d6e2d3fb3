// Loads the Office.js stand-in (office.js beside this file) into the running Jest realm, node or jsdom,
// configured from manifest.xml: launch events with their handlers and SendMode, control ids, image
// ids and the permission. Each call evaluates a fresh copy, so a test file starts from a clean host.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
export const OFFICE_JS_PATH = path.join(__dirname, 'office.js');
const officeSource = fs.readFileSync(OFFICE_JS_PATH, 'utf8');

export type RecipientField = 'to' | 'cc' | 'bcc';
export type Permission = 'Restricted' | 'ReadItem' | 'ReadWriteItem' | 'ReadWriteMailbox';
export type SendMode = 'PromptUser' | 'SoftBlock' | 'Block';
export type LaunchEventType = 'OnNewMessageCompose' | 'OnMessageRecipientsChanged' | 'OnMessageFromChanged' | 'OnMessageSend';

export interface RecipientSpec {
  emailAddress: string;
  displayName?: string;
  recipientType?: 'user' | 'externalUser' | 'distributionList' | 'other';
}

export interface AttachmentSpec {
  id?: string;
  name?: string;
  contentType?: string;
  /** File content as base64, bytes or UTF-8 text (one of them). */
  content?: string;
  bytes?: ArrayLike<number>;
  text?: string;
  attachmentType?: 'file' | 'item' | 'cloud';
  eml?: string;
  url?: string;
  isInline?: boolean;
  size?: number;
}

export interface ItemSpec {
  mode?: 'compose' | 'read';
  itemId?: string;
  internetMessageId?: string;
  to?: (string | RecipientSpec)[];
  cc?: (string | RecipientSpec)[];
  bcc?: (string | RecipientSpec)[];
  from?: string | RecipientSpec;
  subject?: string;
  body?: string | { html: string } | { text: string };
  attachments?: AttachmentSpec[];
  sessionData?: Record<string, string>;
  customProperties?: Record<string, string>;
  initializationContext?: unknown;
}

export interface HostSettings {
  host: string;
  platform: string;
  displayLanguage: string;
  /** Highest Mailbox requirement set the simulated client supports, e.g. '1.13'. */
  maxMailboxVersion: string;
  permission: Permission;
  latencyMs: number;
  settleMs: number;
  officeTheme: Record<string, string>;
  userProfile: { emailAddress: string; displayName: string; timeZone?: string; accountType?: string };
  launchEvents: Partial<Record<LaunchEventType, { functionName: string; sendMode?: SendMode }>>;
  commandIds: string[] | null;
  iconIds: string[] | null;
  raiseEventsForApiChanges: boolean;
}

export interface HostError {
  code: number;
  name: string;
  message: string;
}

export interface NotificationSnapshot {
  key: string;
  type: string;
  message: string;
  icon?: string;
  persistent?: boolean;
  actions?: { actionType: string; actionText: string; commandId: string; contextData: unknown }[];
}

export interface ItemSnapshot {
  mode: 'compose' | 'read';
  itemId: string | null;
  to: Required<RecipientSpec>[];
  cc: Required<RecipientSpec>[];
  bcc: Required<RecipientSpec>[];
  from: { emailAddress: string; displayName: string };
  subject: string;
  body: { type: 'html' | 'text'; content: string };
  attachments: { id: string; name: string; contentType: string; size: number; attachmentType: string; isInline: boolean; content: string }[];
  sessionData: Record<string, string>;
  customProperties: Record<string, string>;
  notifications: NotificationSnapshot[];
  initializationContext: unknown;
  sent: boolean;
}

export interface Completion {
  allowEvent?: boolean;
  errorMessage?: string;
  commandId?: string;
  cancelLabel?: string;
  contextData?: unknown;
}

export interface EventRun {
  type: string;
  functionName: string;
  /** Every event.completed call, in order (undefined for a call without options). */
  completions: (Completion | undefined)[];
  problems: string[];
  missing: boolean;
  timedOut: boolean;
  threw: unknown;
  done: Promise<EventRun>;
}

export interface SendOutcome {
  sent: boolean;
  run: EventRun | null;
  dialog:
    | null
    | { kind: 'blocked'; message: string; button: string | null; takeAction: (() => void) | null }
    | { kind: 'unavailable'; sendAnyway: boolean; sendAnywayAction: (() => SendOutcome) | null }
    | { kind: 'timeout'; sendAnyway: boolean };
}

export interface OfficeHostControl {
  version: number;
  /**
   * Fresh mailbox state and default settings. The installation stays, as in a running Outlook: the
   * handlers registered with Office.actions.associate and the manifest facts (launchEvents,
   * commandIds, iconIds, permission), unless clearInstallation.
   */
  reset(options?: Partial<HostSettings> & { item?: ItemSpec; roamingSettings?: Record<string, unknown>; clearInstallation?: boolean }): void;
  configure(options: Partial<HostSettings>): void;
  settings(): HostSettings;
  setItem(spec: ItemSpec): void;
  item(): ItemSnapshot;
  setRecipients(field: RecipientField, list: (string | RecipientSpec)[]): void;
  roamingSettings(): { saved: Record<string, unknown>; current: Record<string, unknown> };
  setRoamingSettings(values: Record<string, unknown>): void;
  notifications(): NotificationSnapshot[];
  sentItems(): ItemSnapshot[];
  openedPanes(): { commandId: string; contextData: unknown; via: 'notification' | 'smart-alert' }[];
  associated(): string[];
  handler(name: string): ((event: unknown) => void) | undefined;
  calls(): { method: string }[];
  problems(): string[];
  runs(): EventRun[];
  failNext(method: string, error?: string | Partial<HostError>, times?: number): void;
  throwNext(method: string, error?: Error | { message: string }): void;
  hangNext(method: string): void;
  delayNext(method: string, ms: number): void;
  clearFaults(): void;
  dispatch(typeOrFunction: string, args?: Record<string, unknown>, options?: { settleMs?: number; timeoutMs?: number }): EventRun;
  fire(typeOrFunction: string, args?: Record<string, unknown>, options?: { settleMs?: number; timeoutMs?: number }): Promise<EventRun>;
  user: {
    compose(spec?: ItemSpec): Promise<EventRun | null>;
    read(spec?: ItemSpec): void;
    setRecipients(field: RecipientField, list: (string | RecipientSpec)[]): Promise<EventRun | null>;
    addRecipients(field: RecipientField, list: (string | RecipientSpec)[]): Promise<EventRun | null>;
    removeRecipient(field: RecipientField, emailAddress: string): Promise<EventRun | null>;
    changeFrom(from: string | RecipientSpec): Promise<EventRun | null>;
    send(): Promise<SendOutcome>;
    clickNotificationAction(key: string): void;
    dismissNotification(key: string): void;
  };
  ERRORS: Record<string, { code: number; message: string }>;
}

export interface ManifestFacts {
  launchEvents: HostSettings['launchEvents'];
  commandIds: string[];
  iconIds: string[];
  permission: Permission;
}

/** The facts of manifest.xml the simulator checks against (a light reading; test/addin/manifest.test.ts parses it fully). */
export function readManifestFacts(xml = fs.readFileSync(path.join(root, 'manifest.xml'), 'utf8')): ManifestFacts {
  const launchEvents: HostSettings['launchEvents'] = {};
  for (const m of xml.matchAll(/<LaunchEvent\s+([^>]*?)\/?>/g)) {
    const attrs = Object.fromEntries([...(m[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
    if (attrs.Type && attrs.FunctionName) launchEvents[attrs.Type as LaunchEventType] = { functionName: attrs.FunctionName, sendMode: attrs.SendMode as SendMode | undefined };
  }
  const commandIds = [...xml.matchAll(/<Control\s[^>]*\bid="([^"]+)"/g)].map((m) => m[1] ?? '');
  const iconIds = [...xml.matchAll(/<bt:Image\s+id="([^"]+)"/g)].map((m) => m[1] ?? '');
  const permission = (/<Permissions>\s*(\w+)\s*<\/Permissions>/.exec(xml)?.[1] ?? 'ReadWriteItem') as Permission;
  return { launchEvents, commandIds, iconIds, permission };
}

export interface LoadOptions extends Partial<HostSettings> {
  item?: ItemSpec;
  roamingSettings?: Record<string, unknown>;
  /** Configure launch events, command ids, image ids and permission from manifest.xml (default true). */
  fromManifest?: boolean;
}

/**
 * Evaluates office.js in this realm (so its arrays, promises and errors are the test's own) and
 * returns the control object. Office and __officeHost are set on the global object.
 */
export function loadOfficeHost(options: LoadOptions = {}): OfficeHostControl {
  const { fromManifest = true, ...settings } = options;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- running the simulator script in this realm is the point
  new Function(officeSource)();
  const host = (globalThis as unknown as { __officeHost: OfficeHostControl }).__officeHost;
  const base: Partial<HostSettings> = {};
  if (fromManifest) {
    const facts = readManifestFacts();
    Object.assign(base, { launchEvents: facts.launchEvents, commandIds: facts.commandIds, iconIds: facts.iconIds, permission: facts.permission });
  }
  host.reset({ ...base, ...settings, clearInstallation: true });
  return host;
}

/** Removes Office and the control object from the global object (call in afterEach/afterAll). */
export function unloadOfficeHost(): void {
  const g = globalThis as Record<string, unknown>;
  delete g.Office;
  delete g.__officeHost;
}

/** Lets the simulator's timer-based callbacks run (real timers). */
export function flush(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
