// Saving a file from the page: a Blob behind a temporary download link, clicked once. Used for the
// recovery and backup codes, receipts, and decrypted attachments (in the pane, the web app and the
// guest reader). The object URL lives long enough for the browser to start the download.
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
