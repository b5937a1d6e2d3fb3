// Values fixed when the add-in is built (webpack DefinePlugin), such as the court key fingerprints
// the add-in trusts and the API's public origin. Outside a build (tests) the pins are empty (no court
// key is trusted) and the origin is the page's own.
import { parsePins } from '../shared/keys/trust';

declare const __ZEGEL_COURT_KEY_PINS__: string | undefined;
declare const __ZEGEL_PUBLIC_ORIGIN__: string | undefined;

export const COURT_KEY_PINS: readonly string[] = parsePins(typeof __ZEGEL_COURT_KEY_PINS__ === 'string' ? __ZEGEL_COURT_KEY_PINS__ : '');

/**
 * The API's public origin (PUBLIC_BASE_URL at build time): the issuer (`iss`) of every receipt the pane
 * accepts, and where the web app lives. Without a build constant, the origin the page was loaded from.
 */
export const PUBLIC_ORIGIN: string =
  typeof __ZEGEL_PUBLIC_ORIGIN__ === 'string' && __ZEGEL_PUBLIC_ORIGIN__ !== '' ? __ZEGEL_PUBLIC_ORIGIN__ : typeof location !== 'undefined' ? location.origin : '';
