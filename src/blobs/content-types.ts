// The content types the sniffer can name, in one place so that policy code
// compares against constants instead of retyping MIME strings.
export const CONTENT_TYPES = Object.freeze({
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  zip: 'application/zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  gzip: 'application/gzip',
  mp4: 'video/mp4',
  m4a: 'audio/mp4',
  quicktime: 'video/quicktime',
  avi: 'video/x-msvideo',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  xml: 'application/xml',
  html: 'text/html',
  elf: 'application/x-executable',
  pe: 'application/vnd.microsoft.portable-executable',
  machO: 'application/x-mach-binary',
  javaClass: 'application/java-vm',
  text: 'text/plain',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  unknown: 'application/octet-stream',
});

const EXECUTABLE_TYPES: ReadonlySet<string> = new Set([
  CONTENT_TYPES.elf,
  CONTENT_TYPES.pe,
  CONTENT_TYPES.machO,
  CONTENT_TYPES.javaClass,
]);

/** True for native or VM executables, which the acceptable-use policy refuses. */
export function isExecutableContentType(contentType: string): boolean {
  return EXECUTABLE_TYPES.has(contentType);
}
