// Renders manifest.xml for a deployment: the local default origin becomes the configured
// PUBLIC_BASE_URL, and SEND_MODE picks SoftBlock (default) or Block for OnMessageSend.
const DEFAULT_ORIGIN = 'https://localhost:3000';
const SEND_MODES = ['SoftBlock', 'Block'];

function buildOptionsFromEnv(env) {
  const raw = (env.PUBLIC_BASE_URL || DEFAULT_ORIGIN).trim();
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`PUBLIC_BASE_URL: must be an https origin such as https://zegel.example.nl (got an invalid URL)`);
  }
  if (url.protocol !== 'https:') throw new Error('PUBLIC_BASE_URL: Outlook loads add-ins only over https');
  if (url.pathname !== '/' || url.search || url.hash) throw new Error('PUBLIC_BASE_URL: give an origin without a path');
  const sendMode = (env.SEND_MODE || 'SoftBlock').trim();
  if (!SEND_MODES.includes(sendMode)) throw new Error(`SEND_MODE: must be one of ${SEND_MODES.join(', ')}`);
  return { origin: url.origin, sendMode };
}

function renderManifest(xml, options) {
  // The OnMessageSend launch event is the only element with a SendMode; a build must not lose it.
  const sendModes = xml.match(/SendMode="(SoftBlock|Block)"/g) || [];
  if (sendModes.length !== 1) throw new Error(`manifest.xml: expected one SendMode attribute on OnMessageSend, found ${sendModes.length}`);
  return xml.split(DEFAULT_ORIGIN).join(options.origin).replace(/SendMode="(SoftBlock|Block)"/g, `SendMode="${options.sendMode}"`);
}

module.exports = { DEFAULT_ORIGIN, buildOptionsFromEnv, renderManifest };
