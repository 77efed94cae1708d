const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** An API instant (ISO-8601) in the viewer's locale and time zone; "—" for none. */
export function formatDateTime(value: string | null | undefined): string {
  return value ? dateTime.format(new Date(value)) : '—';
}

/** An enum value as words: USER_CREATED → "User created". */
export function humanize(value: string): string {
  const words = value.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const PERMISSION_OPTIONS = [
  { value: 'APPLICATION_ADMIN', label: 'Application admin' },
  { value: 'USER_ADMIN', label: 'User admin' },
  { value: 'AUDIT', label: 'Audit' },
  { value: 'IDENTITY_READ', label: 'Identity read' },
] as const;
