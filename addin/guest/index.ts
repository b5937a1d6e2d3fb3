// What the web app mounts when the page's fragment starts with `#guest=`: the reader and its fetch API.
// Nothing here loads openpgp or pdf-lib; the reader does that with import() when the code is submitted.
export { GuestReader, type GuestReaderProps, type GuestFile } from './GuestReader';
export { createGuestHttpApi, type GuestHttpOptions } from './http';
export { GUEST_TEXTS } from './texts';
export { GuestApiError, type GuestApi } from './types';
export { isGuestFragment } from './fragment';
