// What counts as an e-mail address we will send to: one plain address (no display name, no list, no
// quoted local part, no IP literal), so a value can never smuggle a second recipient or a header line.
// Pure: no Node built-ins, so it could move to shared/ for the add-in's forms.

const LOCAL_ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LOCAL_PART = new RegExp(`^${LOCAL_ATOM}(?:\\.${LOCAL_ATOM})*$`);
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** Trimmed and lower-cased: addresses are compared and stored in this form. */
export function normaliseEmailAddress(input: string): string {
  return input.trim().toLowerCase();
}

/** For a normalised address (see normaliseEmailAddress). */
export function isValidEmailAddress(address: string): boolean {
  if (address.length > 254) return false;
  const at = address.lastIndexOf('@');
  if (at <= 0 || at !== address.indexOf('@')) return false;
  const local = address.slice(0, at);
  const labels = address.slice(at + 1).split('.');
  const top = labels[labels.length - 1];
  return (
    local.length <= 64 &&
    LOCAL_PART.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => DOMAIN_LABEL.test(label)) &&
    top !== undefined &&
    TOP_LEVEL.test(top)
  );
}
