// Whether the page was opened from a guest link (`#guest=…`), for the app to pick the guest reader.
export function isGuestFragment(hash: string): boolean {
  return /^#?guest=/.test(hash);
}
