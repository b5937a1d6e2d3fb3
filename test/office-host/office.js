/* global window */
/*
 * Zegel's stand-in for Microsoft's office.js (Outlook, Mailbox requirement sets up to 1.15).
 *
 * One plain ES2017 browser script, no imports: Jest loads it through test/office-host/load.ts, and a
 * test server can serve it at the CDN path (https://appsforoffice.microsoft.com/lib/1/hosted/office.js)
 * to a real browser. It defines `Office` on the global object (window or globalThis) and a control
 * object, `__officeHost`, through which a test sets and reads the mailbox state, injects failures and
 * fires launch events at the handlers registered with Office.actions.associate. A page may set
 * `window.__officeHostConfig` (the options of `__officeHost.reset`) before the script loads.
 *
 * What it models, following the documented shapes:
 * - Office.onReady / Office.initialize, Office.actions.associate, Office.context (host, platform,
 *   displayLanguage, officeTheme, requirements.isSetSupported with a settable Mailbox maximum,
 *   roamingSettings get/set/remove/saveAsync with JSON round-tripping and the 32 KB limit).
 * - Office.context.mailbox: userProfile, diagnostics, and one current item, in compose or read mode.
 *   Compose: to/cc/bcc getAsync/setAsync/addAsync, from.getAsync (1.7), subject and body get/set
 *   (HTML and text, converted), getAttachmentsAsync and getAttachmentContentAsync (1.8, base64/eml/url),
 *   addFileAttachmentFromBase64Async (1.8), removeAttachmentAsync, sessionData (1.11), custom
 *   properties, notificationMessages (add/replace/remove/getAll, insight messages with one
 *   showTaskPane action, checked like Outlook checks them), getInitializationContextAsync (1.8),
 *   addHandlerAsync/removeHandlerAsync for RecipientsChanged and AttachmentsChanged, sendAsync (1.15;
 *   needs the ReadWriteMailbox permission, else it throws like Office.js does).
 *   Read: subject, from, sender (the spec's, else from), to, cc, dateTimeCreated, body.getAsync (HTML
 *   and text, converted; links kept), attachments with contentType, getAttachmentContentAsync (1.8).
 * - Callbacks always asynchronous, with AsyncResult { status, value, error: { code, name, message },
 *   asyncContext }. Members of requirement sets above the configured maximum are undefined.
 * - Launch events: OnNewMessageCompose, OnMessageRecipientsChanged, OnMessageFromChanged and
 *   OnMessageSend, with event objects whose completed() calls are recorded and checked (called once,
 *   Smart Alerts limits, command ids, contextData only with commandId). User actions (compose, change
 *   recipients or From, press Send) raise them the way Outlook does; Send honours the SendMode.
 *
 * What it does NOT model:
 * - Appointments, read-mode editing, multiple selected items, item switching (ItemChanged), pinning.
 * - Read mode's internet headers, conversation ids, categories and the difference between the body
 *   Outlook shows and the one it hands over (safe-links rewriting, blocked images).
 * - The many methods the add-in does not use (getSelectedDataAsync, prependAsync, signatures,
 *   categories, internet headers, recurrence, getCallbackTokenAsync, SSO, dialogs, EWS/REST tokens).
 * - Real HTML sanitising and body conversion (a simple tag strip / escape stands in), size limits of
 *   bodies and attachments, attachment upload progress, cloud attachment content.
 * - Outlook's exact numeric error codes where Microsoft does not publish them: names follow the docs,
 *   codes are best effort, so tests should assert on `name`. Assumptions where the docs are silent:
 *   a missing session-data key fails with KeyNotFound (handlers must treat failure and an empty value
 *   alike); a missing roaming setting reads as undefined; a sendAsync that Smart Alerts stops fails
 *   with SendBlocked.
 * - Smart Alerts' sendModeOverride (PromptUser at run time), OnInfoBarDismissClicked, the rule of one
 *   insight notification per add-in and item, and notification persistence across items.
 * - Timing: callbacks arrive after `latencyMs` (default 0) on timers, never synchronously; there is no
 *   five-second "taking longer" dialog, only the five-minute launch-event timeout.
 * - The classic Windows JavaScript-only runtime itself (the bundle test parses the built file instead).
 */
(function (root) {
  'use strict';

  // ---- Enumerations (values as Office.js defines them) --------------------------------------------
  const AsyncResultStatus = { Succeeded: 'succeeded', Failed: 'failed' };
  const CoercionType = { Text: 'text', Html: 'html' };
  const HostType = { Word: 'Word', Excel: 'Excel', PowerPoint: 'PowerPoint', Outlook: 'Outlook', OneNote: 'OneNote', Project: 'Project', Access: 'Access' };
  const PlatformType = { PC: 'PC', OfficeOnline: 'OfficeOnline', Mac: 'Mac', iOS: 'iOS', Android: 'Android', Universal: 'Universal' };
  const EventType = {
    RecipientsChanged: 'olkRecipientsChanged',
    AttachmentsChanged: 'olkAttachmentsChanged',
    ItemChanged: 'olkItemSelectedChanged',
    InitializationContextChanged: 'olkInitializationContextChanged',
    OfficeThemeChanged: 'officeThemeChanged',
  };
  const MailboxEnums = {
    RecipientType: { DistributionList: 'distributionList', User: 'user', ExternalUser: 'externalUser', Other: 'other' },
    ItemNotificationMessageType: {
      ProgressIndicator: 'progressIndicator',
      InformationalMessage: 'informationalMessage',
      ErrorMessage: 'errorMessage',
      InsightMessage: 'insightMessage',
    },
    ActionType: { ShowTaskPane: 'showTaskPane' },
    AttachmentType: { File: 'file', Item: 'item', Cloud: 'cloud' },
    AttachmentContentFormat: { Base64: 'base64', Url: 'url', Eml: 'eml', ICalendar: 'iCalendar' },
    AttachmentStatus: { Added: 'added', Removed: 'removed' },
    ItemType: { Message: 'message', Appointment: 'appointment' },
    SendModeOverride: { PromptUser: 'promptUser' },
  };

  /** Errors as Office.js reports them. Codes marked ~ are not published by Microsoft. */
  const ERRORS = {
    InternalFormatError: { code: 9002, message: 'There was an internal format error.' },
    InvalidAttachmentId: { code: 9003, message: "The attachment identifier doesn't exist." }, // ~
    NumberOfRecipientsExceeded: { code: 9012, message: 'The number of recipients exceeded 100 entries.' }, // ~
    PermissionDenied: { code: 9016, message: 'Permission denied' },
    GenericResponseError: { code: 9020, message: 'An internal error has occurred.' },
    SaveError: { code: 9021, message: 'Connection error occurred while trying to save the item on the server.' },
    DuplicateNotificationKey: { code: 9023, message: 'A notification with this key already exists.' }, // ~
    NotificationKeyNotFound: { code: 9024, message: 'No notification with this key exists.' }, // ~
    NumberOfNotificationsExceeded: { code: 9025, message: 'The number of notifications exceeded the limit of five.' }, // ~
    KeyNotFound: { code: 9020, message: 'The specified key was not found.' }, // ~
    NetworkError: { code: 9041, message: 'The user is no longer connected to the network. Please check your network connection and try again.' },
    AttachmentTypeNotSupported: { code: 9043, message: 'The attachment type is not supported.' },
    SizeLimitExceeded: { code: 9057, message: 'A maximum of 32KB is available for the settings of each add-in.' },
    SendBlocked: { code: 9020, message: 'The item was not sent.' }, // ~
  };

  const PERMISSIONS = ['Restricted', 'ReadItem', 'ReadWriteItem', 'ReadWriteMailbox'];
  const LAUNCH_EVENT_MIN_VERSION = { OnNewMessageCompose: '1.10', OnMessageRecipientsChanged: '1.11', OnMessageSend: '1.12', OnMessageFromChanged: '1.13' };
  const OUTLOOK_LAUNCH_TIMEOUT_MS = 300000;
  const INSTALLATION_SETTINGS = ['launchEvents', 'commandIds', 'iconIds', 'permission'];

  // ---- Small helpers ------------------------------------------------------------------------------
  function clone(value) {
    if (value === undefined) return undefined;
    return JSON.parse(JSON.stringify(value));
  }

  function compareVersions(a, b) {
    const pa = String(a).split('.').map(Number);
    const pb = String(b).split('.').map(Number);
    for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
      const x = pa[i] || 0;
      const y = pb[i] || 0;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  }

  function makeError(nameOrError) {
    if (nameOrError && typeof nameOrError === 'object') {
      const known = ERRORS[nameOrError.name] || ERRORS.GenericResponseError;
      return {
        code: nameOrError.code !== undefined ? nameOrError.code : known.code,
        name: nameOrError.name || 'GenericResponseError',
        message: nameOrError.message !== undefined ? nameOrError.message : known.message,
      };
    }
    const name = typeof nameOrError === 'string' ? nameOrError : 'GenericResponseError';
    const known = ERRORS[name] || ERRORS.GenericResponseError;
    return { code: known.code, name: name, message: known.message };
  }

  /** An exception as Office.js (MicrosoftAjax) throws it for bad arguments. */
  function argumentError(kind, message) {
    const e = new Error(message);
    e.name = kind;
    return e;
  }

  function base64FromBytes(bytes) {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 1) binary += String.fromCharCode(bytes[i] & 255);
    return root.btoa(binary);
  }

  function utf8(text) {
    const bytes = [];
    for (const ch of String(text)) {
      const c = ch.codePointAt(0);
      if (c < 0x80) bytes.push(c);
      else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return bytes;
  }

  function base64FromText(text) {
    return base64FromBytes(utf8(text));
  }

  function byteLengthOfBase64(b64) {
    const clean = String(b64).replace(/\s/g, '');
    const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
    return Math.floor((clean.length * 3) / 4) - padding;
  }

  function escapeHtml(text) {
    return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  function htmlToText(html) {
    return String(html)
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|li|tr|h[1-6])>/gi, '\n')
      .replace(/<[^>]*>/g, '')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }

  function textToHtml(text) {
    return '<html><body><div>' + escapeHtml(text).replace(/\r?\n/g, '<br>') + '</div></body></html>';
  }

  // ---- State ------------------------------------------------------------------------------------
  let state;
  let nextId = 1;

  function defaultSettings() {
    return {
      host: HostType.Outlook,
      platform: PlatformType.OfficeOnline,
      displayLanguage: 'nl-NL',
      maxMailboxVersion: '1.15',
      permission: 'ReadWriteItem',
      latencyMs: 0,
      settleMs: 10,
      officeTheme: { bodyBackgroundColor: '#ffffff', bodyForegroundColor: '#000000', controlBackgroundColor: '#ffffff', controlForegroundColor: '#000000' },
      userProfile: { emailAddress: 'mr.a.jansen@kantoor.nl', displayName: 'mr. A. Jansen', timeZone: 'W. Europe Standard Time', accountType: 'enterprise' },
      /** Launch event → { functionName, sendMode } (from the manifest; load.ts fills it in). */
      launchEvents: {},
      /** Control ids and image ids of the manifest, to check commandId and icon values; null: unchecked. */
      commandIds: null,
      iconIds: null,
      /** Raise launch events for changes the add-in itself makes (Outlook does). */
      raiseEventsForApiChanges: true,
    };
  }

  function recipientEntry(input) {
    if (typeof input === 'string') input = { emailAddress: input };
    const emailAddress = String(input.emailAddress || '');
    let recipientType = input.recipientType;
    if (!recipientType) {
      const at = emailAddress.lastIndexOf('@');
      if (at <= 0) recipientType = MailboxEnums.RecipientType.Other;
      else {
        const own = String(state.settings.userProfile.emailAddress || '');
        const ownDomain = own.slice(own.lastIndexOf('@') + 1).toLowerCase();
        recipientType = emailAddress.slice(at + 1).toLowerCase() === ownDomain ? MailboxEnums.RecipientType.User : MailboxEnums.RecipientType.ExternalUser;
      }
    }
    return { emailAddress: emailAddress, displayName: String(input.displayName !== undefined ? input.displayName : emailAddress), recipientType: recipientType };
  }

  function attachmentEntry(input) {
    const attachmentType = input.attachmentType || MailboxEnums.AttachmentType.File;
    let content = '';
    if (attachmentType === MailboxEnums.AttachmentType.File) {
      if (input.content !== undefined) content = String(input.content);
      else if (input.bytes !== undefined) content = base64FromBytes(input.bytes);
      else if (input.text !== undefined) content = base64FromText(input.text);
    } else if (attachmentType === MailboxEnums.AttachmentType.Item) content = String(input.eml || '');
    else content = String(input.url || '');
    let size = input.size;
    if (size === undefined) size = attachmentType === MailboxEnums.AttachmentType.File ? byteLengthOfBase64(content) : content.length;
    return {
      id: String(input.id || 'AAMkAttachment' + String(nextId++)),
      name: String(input.name || 'attachment'),
      contentType: String(input.contentType || 'application/octet-stream'),
      size: size,
      attachmentType: attachmentType,
      isInline: Boolean(input.isInline),
      content: content,
    };
  }

  function itemState(spec) {
    spec = spec || {};
    const mode = spec.mode === 'read' ? 'read' : 'compose';
    let body = { type: 'html', content: '<html><body><div></div></body></html>' };
    if (spec.body !== undefined) {
      if (typeof spec.body === 'string') body = { type: 'text', content: spec.body };
      else if (spec.body.html !== undefined) body = { type: 'html', content: String(spec.body.html) };
      else body = { type: 'text', content: String(spec.body.text || '') };
    }
    const from = spec.from ? recipientEntry(spec.from) : recipientEntry({ emailAddress: state.settings.userProfile.emailAddress, displayName: state.settings.userProfile.displayName });
    return {
      mode: mode,
      itemId: spec.itemId || (mode === 'read' ? 'AAMkItem' + String(nextId++) : null),
      internetMessageId: spec.internetMessageId || null,
      sender: spec.sender ? recipientEntry(spec.sender) : null,
      dateTimeCreated: spec.dateTimeCreated ? String(spec.dateTimeCreated) : new Date(0).toISOString(),
      to: (spec.to || []).map(recipientEntry),
      cc: (spec.cc || []).map(recipientEntry),
      bcc: (spec.bcc || []).map(recipientEntry),
      from: { emailAddress: from.emailAddress, displayName: from.displayName },
      subject: String(spec.subject || ''),
      body: body,
      attachments: (spec.attachments || []).map(attachmentEntry),
      sessionData: Object.assign({}, spec.sessionData || {}),
      customProperties: Object.assign({}, spec.customProperties || {}),
      notifications: [],
      initializationContext: spec.initializationContext !== undefined ? spec.initializationContext : null,
      itemHandlers: {},
      sent: false,
    };
  }

  function freshState(options) {
    options = options || {};
    // The installation survives a reset, as a loaded add-in does: handlers registered with
    // Office.actions.associate and the manifest facts (launch events, ids, permission) as last
    // installed, not as a test may have configured them since.
    const keep = state && !options.clearInstallation;
    const installation = keep ? state.installation : {};
    for (const key of INSTALLATION_SETTINGS) if (key in options) installation[key] = clone(options[key]);
    const settings = defaultSettings();
    for (const key of INSTALLATION_SETTINGS) if (key in installation) settings[key] = clone(installation[key]);
    state = {
      settings: settings,
      installation: installation,
      handlers: keep ? state.handlers : {},
      associations: keep ? state.associations : [],
      roamingSaved: {},
      roamingCurrent: {},
      faults: [],
      calls: [],
      problems: [],
      runs: [],
      openedPanes: [],
      sentItems: [],
      initialized: false,
      item: null,
    };
    configure(options);
    state.roamingSaved = clone(options.roamingSettings || {});
    state.roamingCurrent = clone(state.roamingSaved);
    state.item = itemState(options.item || {});
  }

  function configure(options) {
    const keys = Object.keys(options || {});
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i];
      if (key === 'item' || key === 'roamingSettings' || key === 'clearInstallation') continue;
      if (!(key in state.settings)) throw new Error('__officeHost.configure: unknown setting ' + key);
      if (key === 'permission' && PERMISSIONS.indexOf(options[key]) < 0) throw new Error('__officeHost.configure: permission must be one of ' + PERMISSIONS.join(', '));
      state.settings[key] = options[key];
    }
  }

  function supportsMailbox(version) {
    return compareVersions(version, state.settings.maxMailboxVersion) <= 0;
  }

  function hasPermission(level) {
    return PERMISSIONS.indexOf(state.settings.permission) >= PERMISSIONS.indexOf(level);
  }

  function problem(text) {
    state.problems.push(text);
  }

  // ---- Async plumbing ---------------------------------------------------------------------------
  function schedule(fn, delay) {
    root.setTimeout(fn, delay === undefined ? state.settings.latencyMs : delay);
  }

  /** Splits Office's optional (options, callback) tail. */
  function tail(args, from) {
    let options;
    let callback;
    for (let i = from; i < args.length; i += 1) {
      if (typeof args[i] === 'function') callback = args[i];
      else if (args[i] !== undefined && args[i] !== null && typeof args[i] === 'object') options = args[i];
    }
    return { options: options || {}, callback: callback };
  }

  function takeFault(method) {
    for (let i = 0; i < state.faults.length; i += 1) {
      const f = state.faults[i];
      if (f.method !== method) continue;
      f.times -= 1;
      if (f.times <= 0) state.faults.splice(i, 1);
      return f;
    }
    return null;
  }

  class HostFailure {
    constructor(name, message) {
      this.error = makeError(message === undefined ? name : { name: name, message: message });
    }
  }

  /**
   * Runs one asynchronous API call: records it, applies an injected fault, then answers on a timer
   * with the documented AsyncResult. `produce` returns the value or throws a HostFailure.
   */
  function asyncCall(method, callback, asyncContext, produce) {
    state.calls.push({ method: method });
    const fault = takeFault(method);
    if (fault && fault.kind === 'throw') throw fault.error;
    let delay = state.settings.latencyMs;
    if (fault && fault.kind === 'delay') delay += fault.ms;
    if (fault && fault.kind === 'hang') return;
    let outcome;
    if (fault && fault.kind === 'fail') outcome = { error: fault.error };
    else {
      try {
        outcome = { value: produce() };
      } catch (e) {
        if (e instanceof HostFailure) outcome = { error: e.error };
        else throw e;
      }
    }
    if (typeof callback !== 'function') return;
    schedule(function () {
      const result = { status: outcome.error ? AsyncResultStatus.Failed : AsyncResultStatus.Succeeded, value: outcome.error ? undefined : outcome.value, error: outcome.error, asyncContext: asyncContext };
      callback(result);
    }, delay);
  }

  // ---- Item events (addHandlerAsync) and launch events ----------------------------------------------
  function raiseItemEvent(type, args) {
    const handlers = state.item.itemHandlers[type] || [];
    for (let i = 0; i < handlers.length; i += 1) {
      const h = handlers[i];
      schedule(function () {
        h(Object.assign({ type: type }, args));
      });
    }
  }

  function recipientsChanged(fields) {
    const changed = { to: fields.indexOf('to') >= 0, cc: fields.indexOf('cc') >= 0, bcc: fields.indexOf('bcc') >= 0 };
    raiseItemEvent(EventType.RecipientsChanged, { changedRecipientFields: changed });
    return maybeLaunch('OnMessageRecipientsChanged', { changedRecipientFields: changed });
  }

  function maybeLaunch(type, args) {
    const binding = state.settings.launchEvents[type];
    if (!binding || !state.handlers[binding.functionName]) return null;
    if (!supportsMailbox(LAUNCH_EVENT_MIN_VERSION[type])) return null;
    return dispatch(type, args);
  }

  /** Starts a launch event at its handler and returns the run record (completions fill in as they come). */
  function dispatch(typeOrFunction, args, options) {
    options = options || {};
    const binding = state.settings.launchEvents[typeOrFunction];
    const functionName = binding ? binding.functionName : typeOrFunction;
    const type = binding ? typeOrFunction : eventTypeOf(functionName);
    const handler = state.handlers[functionName];
    const settleMs = options.settleMs !== undefined ? options.settleMs : state.settings.settleMs;
    const timeoutMs = options.timeoutMs !== undefined ? options.timeoutMs : OUTLOOK_LAUNCH_TIMEOUT_MS;
    const run = { type: type, functionName: functionName, completions: [], problems: [], missing: !handler, timedOut: false, threw: null, done: null };
    let resolveDone;
    run.done = new Promise(function (resolve) {
      resolveDone = resolve;
    });
    let settled = false;
    let timeoutTimer = null;
    function settle() {
      if (settled) return;
      settled = true;
      if (timeoutTimer !== null) root.clearTimeout(timeoutTimer);
      resolveDone(run);
    }
    const event = Object.assign({ type: type }, clone(args || {}), {
      completed: function (completion) {
        const copy = completion === undefined ? undefined : clone(completion);
        run.completions.push(copy);
        if (run.completions.length > 1) note(run, 'event.completed called ' + run.completions.length + ' times in ' + functionName);
        checkCompletion(run, copy);
        if (run.completions.length === 1) root.setTimeout(settle, settleMs);
      },
    });
    state.runs.push(run);
    if (!handler) {
      settle();
      return run;
    }
    timeoutTimer = root.setTimeout(function () {
      timeoutTimer = null;
      if (run.completions.length === 0) {
        run.timedOut = true;
        settle();
      }
    }, timeoutMs);
    try {
      handler(event);
    } catch (e) {
      run.threw = e;
      note(run, functionName + ' threw: ' + (e && e.message));
    }
    return run;
  }

  function eventTypeOf(functionName) {
    const types = Object.keys(state.settings.launchEvents);
    for (let i = 0; i < types.length; i += 1) if (state.settings.launchEvents[types[i]].functionName === functionName) return types[i];
    return functionName;
  }

  function note(run, text) {
    run.problems.push(text);
    problem(text);
  }

  function knownCommand(commandId) {
    return state.settings.commandIds === null || state.settings.commandIds.indexOf(commandId) >= 0;
  }

  /** Checks a completion against what Outlook documents for Smart Alerts (Mailbox 1.12–1.15). */
  function checkCompletion(run, options) {
    if (run.type !== 'OnMessageSend') {
      if (options && options.allowEvent !== undefined) note(run, 'allowEvent is only meaningful for OnMessageSend');
      return;
    }
    if (!options || typeof options.allowEvent !== 'boolean') {
      note(run, 'OnMessageSend completed without a boolean allowEvent');
      return;
    }
    if (options.allowEvent) return;
    if (options.errorMessage !== undefined && String(options.errorMessage).length > 500) note(run, 'errorMessage longer than 500 characters');
    if (options.cancelLabel !== undefined && String(options.cancelLabel).length > 20) note(run, 'cancelLabel longer than 20 characters');
    if ((options.commandId !== undefined || options.cancelLabel !== undefined || options.contextData !== undefined) && !supportsMailbox('1.14')) {
      note(run, 'commandId, cancelLabel and contextData need Mailbox 1.14');
    }
    if (options.commandId !== undefined && !knownCommand(options.commandId)) note(run, 'commandId ' + options.commandId + ' is not a control id of the manifest');
    if (options.contextData !== undefined && options.commandId === undefined) note(run, 'contextData is ignored without commandId');
  }

  // ---- Notifications --------------------------------------------------------------------------
  function validateNotification(details) {
    const T = MailboxEnums.ItemNotificationMessageType;
    if (!details || typeof details !== 'object') throw argumentError('Sys.ArgumentNullException', 'Value cannot be null. Parameter name: JSONmessage');
    const types = [T.ProgressIndicator, T.InformationalMessage, T.ErrorMessage, T.InsightMessage];
    if (types.indexOf(details.type) < 0) throw argumentError('Sys.ArgumentException', 'Value does not fall within the expected range. Parameter name: type');
    if (typeof details.message !== 'string' || details.message === '') throw argumentError('Sys.ArgumentException', 'Value does not fall within the expected range. Parameter name: message');
    if (details.message.length > 150) throw argumentError('Sys.ArgumentOutOfRangeException', 'Specified argument was out of the range of valid values. Parameter name: message');
    const needsIcon = details.type === T.InformationalMessage || details.type === T.InsightMessage;
    if (needsIcon && !details.icon) throw argumentError('Sys.ArgumentException', 'Value does not fall within the expected range. Parameter name: icon');
    if (!needsIcon && details.icon !== undefined) throw argumentError('Sys.ArgumentException', 'Value does not fall within the expected range. Parameter name: icon');
    if (details.icon !== undefined && state.settings.iconIds !== null && state.settings.iconIds.indexOf(details.icon) < 0) problem('notification icon ' + details.icon + ' is not an image id of the manifest');
    if (details.persistent !== undefined && details.type !== T.InformationalMessage) throw argumentError('Sys.ArgumentException', 'Value does not fall within the expected range. Parameter name: persistent');
    if (details.actions !== undefined) {
      if (!supportsMailbox('1.10')) throw argumentError('Sys.ArgumentException', 'Value does not fall within the expected range. Parameter name: actions');
      if (details.type !== T.InsightMessage || !Array.isArray(details.actions) || details.actions.length > 1) {
        throw argumentError('Sys.ArgumentException', 'Value does not fall within the expected range. Parameter name: actions');
      }
      const action = details.actions[0];
      if (action) {
        if (action.actionType !== MailboxEnums.ActionType.ShowTaskPane || !action.commandId || typeof action.actionText !== 'string') {
          throw argumentError('Sys.ArgumentException', 'Value does not fall within the expected range. Parameter name: actions');
        }
        if (!knownCommand(action.commandId)) problem('notification action commandId ' + action.commandId + ' is not a control id of the manifest');
      }
    }
  }

  function findNotification(key) {
    const list = state.item.notifications;
    for (let i = 0; i < list.length; i += 1) if (list[i].key === key) return i;
    return -1;
  }

  function makeNotificationMessages() {
    return {
      addAsync: function (key, details) {
        const t = tail(arguments, 2);
        validateNotification(details);
        const copy = clone(details);
        asyncCall('item.notificationMessages.addAsync', t.callback, t.options.asyncContext, function () {
          if (findNotification(key) >= 0) throw new HostFailure('DuplicateNotificationKey');
          if (state.item.notifications.length >= 5) throw new HostFailure('NumberOfNotificationsExceeded');
          state.item.notifications.push(Object.assign({ key: String(key) }, copy));
        });
      },
      replaceAsync: function (key, details) {
        const t = tail(arguments, 2);
        validateNotification(details);
        const copy = clone(details);
        asyncCall('item.notificationMessages.replaceAsync', t.callback, t.options.asyncContext, function () {
          const index = findNotification(key);
          const entry = Object.assign({ key: String(key) }, copy);
          if (index >= 0) state.item.notifications[index] = entry;
          else {
            if (state.item.notifications.length >= 5) throw new HostFailure('NumberOfNotificationsExceeded');
            state.item.notifications.push(entry);
          }
        });
      },
      removeAsync: function (key) {
        const t = tail(arguments, 1);
        asyncCall('item.notificationMessages.removeAsync', t.callback, t.options.asyncContext, function () {
          const index = findNotification(key);
          if (index < 0) throw new HostFailure('NotificationKeyNotFound');
          state.item.notifications.splice(index, 1);
        });
      },
      getAllAsync: function () {
        const t = tail(arguments, 0);
        asyncCall('item.notificationMessages.getAllAsync', t.callback, t.options.asyncContext, function () {
          return clone(state.item.notifications);
        });
      },
    };
  }

  // ---- Compose item ---------------------------------------------------------------------------
  function requireCompose(method) {
    if (state.item.mode !== 'compose') throw argumentError('Sys.InvalidOperationException', method + ' is only available when composing');
  }

  function recipientField(field) {
    const method = 'item.' + field;
    return {
      getAsync: function () {
        const t = tail(arguments, 0);
        asyncCall(method + '.getAsync', t.callback, t.options.asyncContext, function () {
          return clone(state.item[field]);
        });
      },
      setAsync: function (recipients) {
        const t = tail(arguments, 1);
        if (!Array.isArray(recipients)) throw argumentError('Sys.ArgumentException', 'Value does not fall within the expected range. Parameter name: recipients');
        asyncCall(method + '.setAsync', t.callback, t.options.asyncContext, function () {
          if (recipients.length > 100) throw new HostFailure('NumberOfRecipientsExceeded');
          state.item[field] = recipients.map(recipientEntry);
          if (state.settings.raiseEventsForApiChanges) recipientsChanged([field]);
        });
      },
      addAsync: function (recipients) {
        const t = tail(arguments, 1);
        if (!Array.isArray(recipients)) throw argumentError('Sys.ArgumentException', 'Value does not fall within the expected range. Parameter name: recipients');
        asyncCall(method + '.addAsync', t.callback, t.options.asyncContext, function () {
          if (recipients.length > 100) throw new HostFailure('NumberOfRecipientsExceeded');
          state.item[field] = state.item[field].concat(recipients.map(recipientEntry));
          if (state.settings.raiseEventsForApiChanges) recipientsChanged([field]);
        });
      },
    };
  }

  function bodyObject() {
    return {
      getAsync: function (coercionType) {
        const t = tail(arguments, 1);
        if (coercionType !== CoercionType.Html && coercionType !== CoercionType.Text) throw argumentError('Sys.ArgumentException', 'Value does not fall within the expected range. Parameter name: coercionType');
        asyncCall('item.body.getAsync', t.callback, t.options.asyncContext, function () {
          const body = state.item.body;
          if (coercionType === body.type) return body.content;
          return coercionType === CoercionType.Text ? htmlToText(body.content) : textToHtml(body.content);
        });
      },
      getTypeAsync: function () {
        const t = tail(arguments, 0);
        asyncCall('item.body.getTypeAsync', t.callback, t.options.asyncContext, function () {
          return state.item.body.type;
        });
      },
      setAsync: function (data) {
        const t = tail(arguments, 1);
        requireCompose('body.setAsync');
        if (typeof data !== 'string') throw argumentError('Sys.ArgumentException', 'Value does not fall within the expected range. Parameter name: data');
        const coercionType = t.options.coercionType || CoercionType.Text;
        asyncCall('item.body.setAsync', t.callback, t.options.asyncContext, function () {
          state.item.body = { type: coercionType === CoercionType.Html ? 'html' : 'text', content: data };
        });
      },
    };
  }

  function customPropertiesObject(snapshot) {
    const values = Object.assign({}, snapshot);
    return {
      get: function (name) {
        return values[name];
      },
      set: function (name, value) {
        values[name] = String(value);
      },
      remove: function (name) {
        delete values[name];
      },
      getAll: function () {
        return Object.assign({}, values);
      },
      saveAsync: function (callback, asyncContext) {
        asyncCall('item.customProperties.saveAsync', callback, asyncContext, function () {
          state.item.customProperties = Object.assign({}, values);
        });
      },
    };
  }

  function sessionDataObject() {
    return {
      getAsync: function (name) {
        const t = tail(arguments, 1);
        asyncCall('item.sessionData.getAsync', t.callback, t.options.asyncContext, function () {
          if (!Object.prototype.hasOwnProperty.call(state.item.sessionData, name)) throw new HostFailure('KeyNotFound');
          return state.item.sessionData[name];
        });
      },
      setAsync: function (name, value) {
        const t = tail(arguments, 2);
        asyncCall('item.sessionData.setAsync', t.callback, t.options.asyncContext, function () {
          state.item.sessionData[name] = String(value);
        });
      },
      getAllAsync: function () {
        const t = tail(arguments, 0);
        asyncCall('item.sessionData.getAllAsync', t.callback, t.options.asyncContext, function () {
          return Object.assign({}, state.item.sessionData);
        });
      },
      removeAsync: function (name) {
        const t = tail(arguments, 1);
        asyncCall('item.sessionData.removeAsync', t.callback, t.options.asyncContext, function () {
          delete state.item.sessionData[name];
        });
      },
      clearAsync: function () {
        const t = tail(arguments, 0);
        asyncCall('item.sessionData.clearAsync', t.callback, t.options.asyncContext, function () {
          state.item.sessionData = {};
        });
      },
    };
  }

  function findAttachment(id) {
    const list = state.item.attachments;
    for (let i = 0; i < list.length; i += 1) if (list[i].id === id) return i;
    return -1;
  }

  /** AttachmentDetailsCompose has no contentType; read-mode AttachmentDetails has. */
  function attachmentDetails(a) {
    const details = { id: a.id, name: a.name, size: a.size, attachmentType: a.attachmentType, isInline: a.isInline };
    if (state.item.mode === 'read') details.contentType = a.contentType;
    if (a.attachmentType === MailboxEnums.AttachmentType.Cloud) details.url = a.content;
    return details;
  }

  function attachmentContent(id) {
    const index = findAttachment(id);
    if (index < 0) throw new HostFailure('InvalidAttachmentId');
    const a = state.item.attachments[index];
    const F = MailboxEnums.AttachmentContentFormat;
    if (a.attachmentType === MailboxEnums.AttachmentType.File) return { format: F.Base64, content: a.content };
    if (a.attachmentType === MailboxEnums.AttachmentType.Item) return { format: F.Eml, content: a.content };
    return { format: F.Url, content: a.content };
  }

  function addItemHandler(type, handler) {
    if (type !== EventType.RecipientsChanged && type !== EventType.AttachmentsChanged) {
      throw new HostFailure('GenericResponseError', 'The specified event type is not supported by the current object.');
    }
    const list = state.item.itemHandlers[type] || [];
    list.push(handler);
    state.item.itemHandlers[type] = list;
  }

  /** Attaches a member that exists only from a requirement set on (undefined below it). */
  function since(target, name, version, value) {
    Object.defineProperty(target, name, {
      enumerable: true,
      configurable: true,
      get: function () {
        return supportsMailbox(version) ? value : undefined;
      },
    });
  }

  function makeComposeItem() {
    const item = {
      itemType: MailboxEnums.ItemType.Message,
      to: recipientField('to'),
      cc: recipientField('cc'),
      bcc: recipientField('bcc'),
      body: bodyObject(),
      notificationMessages: makeNotificationMessages(),
      subject: {
        getAsync: function () {
          const t = tail(arguments, 0);
          asyncCall('item.subject.getAsync', t.callback, t.options.asyncContext, function () {
            return state.item.subject;
          });
        },
        setAsync: function (subject) {
          const t = tail(arguments, 1);
          if (typeof subject !== 'string') throw argumentError('Sys.ArgumentException', 'Value does not fall within the expected range. Parameter name: subject');
          if (subject.length > 255) throw argumentError('Sys.ArgumentOutOfRangeException', 'Specified argument was out of the range of valid values. Parameter name: subject');
          asyncCall('item.subject.setAsync', t.callback, t.options.asyncContext, function () {
            state.item.subject = subject;
          });
        },
      },
      removeAttachmentAsync: function (attachmentId) {
        const t = tail(arguments, 1);
        asyncCall('item.removeAttachmentAsync', t.callback, t.options.asyncContext, function () {
          const index = findAttachment(attachmentId);
          if (index < 0) throw new HostFailure('InvalidAttachmentId');
          const removed = state.item.attachments.splice(index, 1)[0];
          raiseItemEvent(EventType.AttachmentsChanged, { attachmentStatus: MailboxEnums.AttachmentStatus.Removed, attachmentDetails: attachmentDetails(removed) });
        });
      },
      loadCustomPropertiesAsync: function (callback, userContext) {
        asyncCall('item.loadCustomPropertiesAsync', callback, userContext, function () {
          return customPropertiesObject(state.item.customProperties);
        });
      },
      addHandlerAsync: function (eventType, handler) {
        const t = tail(arguments, 2);
        asyncCall('item.addHandlerAsync', t.callback, t.options.asyncContext, function () {
          addItemHandler(eventType, handler);
        });
      },
      removeHandlerAsync: function (eventType) {
        const t = tail(arguments, 1);
        asyncCall('item.removeHandlerAsync', t.callback, t.options.asyncContext, function () {
          delete state.item.itemHandlers[eventType];
        });
      },
    };
    since(item, 'from', '1.7', {
      getAsync: function () {
        const t = tail(arguments, 0);
        asyncCall('item.from.getAsync', t.callback, t.options.asyncContext, function () {
          return clone(state.item.from);
        });
      },
    });
    since(item, 'getAttachmentsAsync', '1.8', function () {
      const t = tail(arguments, 0);
      asyncCall('item.getAttachmentsAsync', t.callback, t.options.asyncContext, function () {
        return state.item.attachments.map(attachmentDetails);
      });
    });
    since(item, 'getAttachmentContentAsync', '1.8', function (attachmentId) {
      const t = tail(arguments, 1);
      asyncCall('item.getAttachmentContentAsync', t.callback, t.options.asyncContext, function () {
        return attachmentContent(attachmentId);
      });
    });
    since(item, 'addFileAttachmentFromBase64Async', '1.8', function (base64File, attachmentName) {
      const t = tail(arguments, 2);
      asyncCall('item.addFileAttachmentFromBase64Async', t.callback, t.options.asyncContext, function () {
        const entry = attachmentEntry({ content: base64File, name: attachmentName, isInline: Boolean(t.options.isInline) });
        state.item.attachments.push(entry);
        raiseItemEvent(EventType.AttachmentsChanged, { attachmentStatus: MailboxEnums.AttachmentStatus.Added, attachmentDetails: attachmentDetails(entry) });
        return entry.id;
      });
    });
    since(item, 'getInitializationContextAsync', '1.8', function () {
      const t = tail(arguments, 0);
      asyncCall('item.getInitializationContextAsync', t.callback, t.options.asyncContext, function () {
        return state.item.initializationContext;
      });
    });
    since(item, 'sessionData', '1.11', sessionDataObject());
    since(item, 'sendAsync', '1.15', function () {
      const t = tail(arguments, 0);
      if (!hasPermission('ReadWriteMailbox')) throw argumentError('Error', "Elevated permission is required to call the method: 'sendAsync'.");
      state.calls.push({ method: 'item.sendAsync' });
      const fault = takeFault('item.sendAsync');
      if (fault && fault.kind === 'throw') throw fault.error;
      if (fault && fault.kind === 'hang') return;
      const answer = function (error) {
        if (typeof t.callback !== 'function') return;
        schedule(function () {
          t.callback({ status: error ? AsyncResultStatus.Failed : AsyncResultStatus.Succeeded, value: undefined, error: error || undefined, asyncContext: t.options.asyncContext });
        });
      };
      if (fault && fault.kind === 'fail') {
        answer(fault.error);
        return;
      }
      pressSend().then(function (outcome) {
        answer(outcome.sent ? null : makeError('SendBlocked'));
      });
    });
    return item;
  }

  function makeReadItem() {
    const item = {
      itemType: MailboxEnums.ItemType.Message,
      body: bodyObject(),
      notificationMessages: makeNotificationMessages(),
      loadCustomPropertiesAsync: function (callback, userContext) {
        asyncCall('item.loadCustomPropertiesAsync', callback, userContext, function () {
          return customPropertiesObject(state.item.customProperties);
        });
      },
    };
    const props = {
      itemId: function () {
        return state.item.itemId;
      },
      internetMessageId: function () {
        return state.item.internetMessageId;
      },
      subject: function () {
        return state.item.subject;
      },
      from: function () {
        return clone(state.item.from);
      },
      sender: function () {
        const sender = state.item.sender || state.item.from;
        return { emailAddress: sender.emailAddress, displayName: sender.displayName };
      },
      dateTimeCreated: function () {
        return new Date(state.item.dateTimeCreated);
      },
      to: function () {
        return clone(state.item.to);
      },
      cc: function () {
        return clone(state.item.cc);
      },
      attachments: function () {
        return state.item.attachments.map(attachmentDetails);
      },
    };
    Object.keys(props).forEach(function (name) {
      Object.defineProperty(item, name, { enumerable: true, get: props[name] });
    });
    since(item, 'getAttachmentContentAsync', '1.8', function (attachmentId) {
      const t = tail(arguments, 1);
      asyncCall('item.getAttachmentContentAsync', t.callback, t.options.asyncContext, function () {
        return attachmentContent(attachmentId);
      });
    });
    since(item, 'getInitializationContextAsync', '1.8', function () {
      const t = tail(arguments, 0);
      asyncCall('item.getInitializationContextAsync', t.callback, t.options.asyncContext, function () {
        return state.item.initializationContext;
      });
    });
    return item;
  }

  let itemObject = null;
  let itemObjectFor = null;
  function currentItem() {
    if (!state.item) return null;
    if (itemObjectFor !== state.item) {
      itemObject = state.item.mode === 'read' ? makeReadItem() : makeComposeItem();
      itemObjectFor = state.item;
    }
    return itemObject;
  }

  // ---- Roaming settings -----------------------------------------------------------------------
  const roamingSettings = {
    get: function (name) {
      const value = state.roamingCurrent[name];
      return value === undefined ? undefined : clone(value);
    },
    set: function (name, value) {
      const next = Object.assign({}, state.roamingCurrent);
      next[name] = clone(value);
      if (JSON.stringify(next).length > 32 * 1024) {
        const e = argumentError('Error', ERRORS.SizeLimitExceeded.message);
        e.code = ERRORS.SizeLimitExceeded.code;
        throw e;
      }
      state.roamingCurrent = next;
    },
    remove: function (name) {
      delete state.roamingCurrent[name];
    },
    saveAsync: function (callback) {
      asyncCall('roamingSettings.saveAsync', callback, undefined, function () {
        state.roamingSaved = clone(state.roamingCurrent);
      });
    },
  };

  // ---- User actions -------------------------------------------------------------------------
  function pressSend() {
    const item = state.item;
    const binding = state.settings.launchEvents.OnMessageSend;
    const sendMode = (binding && binding.sendMode) || 'SoftBlock';
    function sent(run) {
      item.sent = true;
      state.sentItems.push(snapshot(item));
      return { sent: true, run: run, dialog: null };
    }
    if (!binding || !supportsMailbox('1.12')) return Promise.resolve(sent(null));
    if (!state.handlers[binding.functionName]) {
      // The add-in could not load: Outlook offers Send Anyway unless the manifest says Block.
      return Promise.resolve({ sent: false, run: null, dialog: { kind: 'unavailable', sendAnyway: sendMode !== 'Block', sendAnywayAction: sendMode !== 'Block' ? () => sent(null) : null } });
    }
    const run = dispatch('OnMessageSend', {});
    return run.done.then(function () {
      if (run.timedOut) return { sent: false, run: run, dialog: { kind: 'timeout', sendAnyway: sendMode === 'PromptUser' } };
      const completion = run.completions[0] || {};
      if (completion.allowEvent === true) return sent(run);
      const dialog = {
        kind: 'blocked',
        message: completion.errorMessage !== undefined ? completion.errorMessage : 'The add-in is preventing this email from being sent.',
        button: null,
        takeAction: null,
      };
      if (completion.commandId !== undefined && supportsMailbox('1.14')) {
        dialog.button = completion.cancelLabel || 'Take Action';
        dialog.takeAction = function () {
          openPane(completion.commandId, completion.contextData, 'smart-alert');
        };
      }
      return { sent: false, run: run, dialog: dialog };
    });
  }

  function openPane(commandId, contextData, via) {
    state.item.initializationContext = contextData === undefined ? null : contextData;
    state.openedPanes.push({ commandId: commandId, contextData: contextData === undefined ? null : contextData, via: via });
  }

  function settled(run) {
    return run ? run.done : Promise.resolve(null);
  }

  const user = {
    /** Opens a new compose form; raises OnNewMessageCompose. */
    compose: function (spec) {
      state.item = itemState(Object.assign({}, spec || {}, { mode: 'compose' }));
      return settled(maybeLaunch('OnNewMessageCompose', {}));
    },
    /** Opens a received message in read mode. */
    read: function (spec) {
      state.item = itemState(Object.assign({}, spec || {}, { mode: 'read' }));
    },
    setRecipients: function (field, list) {
      state.item[field] = list.map(recipientEntry);
      return settled(recipientsChanged([field]));
    },
    addRecipients: function (field, list) {
      state.item[field] = state.item[field].concat(list.map(recipientEntry));
      return settled(recipientsChanged([field]));
    },
    removeRecipient: function (field, emailAddress) {
      const lower = String(emailAddress).toLowerCase();
      state.item[field] = state.item[field].filter((r) => r.emailAddress.toLowerCase() !== lower);
      return settled(recipientsChanged([field]));
    },
    /** Picks another From account (shared mailbox, principal); raises OnMessageFromChanged (1.13). */
    changeFrom: function (from) {
      const entry = recipientEntry(from);
      state.item.from = { emailAddress: entry.emailAddress, displayName: entry.displayName };
      return settled(maybeLaunch('OnMessageFromChanged', {}));
    },
    /** Presses Send: runs OnMessageSend under the manifest's SendMode; resolves with { sent, run, dialog }. */
    send: function () {
      return pressSend();
    },
    /** Clicks the action of an insight notification (opens the pane with its contextData). */
    clickNotificationAction: function (key) {
      const index = findNotification(key);
      if (index < 0) throw new Error('__officeHost.user.clickNotificationAction: no notification ' + key);
      const action = (state.item.notifications[index].actions || [])[0];
      if (!action) throw new Error('__officeHost.user.clickNotificationAction: notification ' + key + ' has no action');
      openPane(action.commandId, action.contextData, 'notification');
    },
    dismissNotification: function (key) {
      const index = findNotification(key);
      if (index >= 0) state.item.notifications.splice(index, 1);
    },
  };

  function snapshot(item) {
    const copy = clone({
      mode: item.mode,
      itemId: item.itemId,
      to: item.to,
      cc: item.cc,
      bcc: item.bcc,
      from: item.from,
      subject: item.subject,
      body: item.body,
      attachments: item.attachments,
      sessionData: item.sessionData,
      customProperties: item.customProperties,
      notifications: item.notifications,
      initializationContext: item.initializationContext,
      sent: item.sent,
    });
    return copy;
  }

  // ---- The control object ---------------------------------------------------------------------
  /** Every method name a fault can target (as recorded by calls()). */
  const METHODS = [
    'item.to.getAsync', 'item.to.setAsync', 'item.to.addAsync',
    'item.cc.getAsync', 'item.cc.setAsync', 'item.cc.addAsync',
    'item.bcc.getAsync', 'item.bcc.setAsync', 'item.bcc.addAsync',
    'item.from.getAsync', 'item.subject.getAsync', 'item.subject.setAsync',
    'item.body.getAsync', 'item.body.getTypeAsync', 'item.body.setAsync',
    'item.getAttachmentsAsync', 'item.getAttachmentContentAsync', 'item.addFileAttachmentFromBase64Async', 'item.removeAttachmentAsync',
    'item.sessionData.getAsync', 'item.sessionData.setAsync', 'item.sessionData.getAllAsync', 'item.sessionData.removeAsync', 'item.sessionData.clearAsync',
    'item.loadCustomPropertiesAsync', 'item.customProperties.saveAsync',
    'item.notificationMessages.addAsync', 'item.notificationMessages.replaceAsync', 'item.notificationMessages.removeAsync', 'item.notificationMessages.getAllAsync',
    'item.getInitializationContextAsync', 'item.addHandlerAsync', 'item.removeHandlerAsync', 'item.sendAsync',
    'roamingSettings.saveAsync',
  ];

  function addFault(kind, method, extra) {
    if (METHODS.indexOf(method) < 0) throw new Error('__officeHost: no such method ' + method + '; one of ' + METHODS.join(', '));
    state.faults.push(Object.assign({ kind: kind, method: method, times: 1 }, extra));
  }

  const control = {
    version: 1,
    reset: function (options) {
      freshState(options);
      itemObjectFor = null;
    },
    configure: function (options) {
      configure(options);
    },
    settings: function () {
      return clone(state.settings);
    },
    setItem: function (spec) {
      state.item = itemState(spec);
    },
    item: function () {
      return snapshot(state.item);
    },
    /** Changes a recipient field without raising events (state set-up). */
    setRecipients: function (field, list) {
      state.item[field] = list.map(recipientEntry);
    },
    roamingSettings: function () {
      return { saved: clone(state.roamingSaved), current: clone(state.roamingCurrent) };
    },
    /** Settings as saved on the server, loaded into memory as when the add-in starts. */
    setRoamingSettings: function (values) {
      state.roamingSaved = clone(values || {});
      state.roamingCurrent = clone(state.roamingSaved);
    },
    notifications: function () {
      return clone(state.item.notifications);
    },
    sentItems: function () {
      return clone(state.sentItems);
    },
    openedPanes: function () {
      return clone(state.openedPanes);
    },
    associated: function () {
      return Object.keys(state.handlers);
    },
    handler: function (name) {
      return state.handlers[name];
    },
    calls: function () {
      return state.calls.slice();
    },
    problems: function () {
      return state.problems.slice();
    },
    runs: function () {
      return state.runs.slice();
    },
    /** The next `times` calls of `method` (e.g. 'item.to.getAsync') answer Failed with this error. */
    failNext: function (method, error, times) {
      addFault('fail', method, { error: makeError(error), times: times || 1 });
    },
    /** The next call of `method` throws synchronously, as Office.js does for bad arguments. */
    throwNext: function (method, error) {
      const e = error instanceof Error ? error : argumentError('Error', (error && error.message) || 'Simulated host exception in ' + method);
      addFault('throw', method, { error: e });
    },
    /** The next call of `method` never calls back. */
    hangNext: function (method) {
      addFault('hang', method, {});
    },
    /** The next call of `method` answers `ms` later than usual. */
    delayNext: function (method, ms) {
      addFault('delay', method, { ms: ms });
    },
    clearFaults: function () {
      state.faults = [];
    },
    /** Starts a launch event (by manifest type or function name); returns the run record at once. */
    dispatch: function (typeOrFunction, args, options) {
      return dispatch(typeOrFunction, args, options);
    },
    /** Fires a launch event and resolves when it completed (plus a settle window) or timed out. */
    fire: function (typeOrFunction, args, options) {
      return dispatch(typeOrFunction, args, options).done;
    },
    user: user,
    ERRORS: clone(ERRORS),
  };

  // ---- Office ---------------------------------------------------------------------------------
  const mailbox = {};
  Object.defineProperty(mailbox, 'item', { enumerable: true, get: currentItem });
  Object.defineProperty(mailbox, 'userProfile', {
    enumerable: true,
    get: function () {
      return clone(state.settings.userProfile);
    },
  });
  Object.defineProperty(mailbox, 'diagnostics', {
    enumerable: true,
    get: function () {
      return { hostName: 'OutlookWebApp', hostVersion: '20240101.01', OWAView: 'OneColumn' };
    },
  });

  const context = {
    mailbox: mailbox,
    roamingSettings: roamingSettings,
    requirements: {
      isSetSupported: function (name, minVersion) {
        if (String(name).toLowerCase() !== 'mailbox') return false;
        if (minVersion === undefined) return true;
        return supportsMailbox(String(minVersion));
      },
    },
  };
  Object.defineProperty(context, 'displayLanguage', {
    enumerable: true,
    get: function () {
      return state.settings.displayLanguage;
    },
  });
  Object.defineProperty(context, 'contentLanguage', {
    enumerable: true,
    get: function () {
      return state.settings.displayLanguage;
    },
  });
  Object.defineProperty(context, 'officeTheme', {
    enumerable: true,
    get: function () {
      return clone(state.settings.officeTheme);
    },
  });
  Object.defineProperty(context, 'host', {
    enumerable: true,
    get: function () {
      return state.settings.host;
    },
  });
  Object.defineProperty(context, 'platform', {
    enumerable: true,
    get: function () {
      return state.settings.platform;
    },
  });
  Object.defineProperty(context, 'diagnostics', {
    enumerable: true,
    get: function () {
      return { host: state.settings.host, platform: state.settings.platform, version: '16.0.0.0' };
    },
  });

  const Office = {
    AsyncResultStatus: AsyncResultStatus,
    CoercionType: CoercionType,
    HostType: HostType,
    PlatformType: PlatformType,
    EventType: EventType,
    MailboxEnums: MailboxEnums,
    context: context,
    actions: {
      associate: function (name, handler) {
        if (typeof handler !== 'function') throw argumentError('Sys.ArgumentException', 'Value does not fall within the expected range. Parameter name: action');
        state.handlers[String(name)] = handler;
        state.associations.push(String(name));
      },
    },
    initialize: undefined,
    onReady: function (callback) {
      return new Promise(function (resolve) {
        schedule(function () {
          const info = { host: state.settings.host, platform: state.settings.platform };
          if (typeof Office.initialize === 'function' && !state.initialized) {
            state.initialized = true;
            Office.initialize('');
          }
          if (typeof callback === 'function') callback(info);
          resolve(info);
        });
      });
    },
  };

  // A page can configure the host before this script loads (e.g. Playwright's addInitScript):
  // window.__officeHostConfig = { launchEvents, commandIds, iconIds, displayLanguage, item, ... }.
  freshState(root.__officeHostConfig && typeof root.__officeHostConfig === 'object' ? root.__officeHostConfig : {});
  root.Office = Office;
  root.__officeHost = control;
})(typeof window !== 'undefined' ? window : globalThis);
