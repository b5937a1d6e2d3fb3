// Values fixed when the add-in is built (webpack DefinePlugin), such as the court key fingerprints
// the add-in trusts. Outside a build (tests) they are empty: no court key is trusted.
import { parsePins } from '../shared/keys/trust';

declare const __ZEGEL_COURT_KEY_PINS__: string | undefined;

export const COURT_KEY_PINS: readonly string[] = parsePins(typeof __ZEGEL_COURT_KEY_PINS__ === 'string' ? __ZEGEL_COURT_KEY_PINS__ : '');
