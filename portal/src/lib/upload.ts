/** Below seer's default SEER_MAX_UPLOAD_BYTES (2 MiB), so the portal refuses first, clearly. */
export const MAX_UPLOAD_BYTES = 2_000_000;

const TEXT_EXTENSIONS = /\.(txt|md|markdown|csv|json|log|text)$/i;

/** Seer learns text: plain text types, or a text extension when the browser gives no type. */
export function isTextDocument(name: string, contentType: string): boolean {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type.startsWith('text/') || type === 'application/json') return true;
  return (type === '' || type === 'application/octet-stream') && TEXT_EXTENSIONS.test(name);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1_000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1_000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
