import type { ConnectionOptions } from 'node:tls';
import { Client, type Entry } from 'ldapts';
import { toDirectoryError } from './directory-error.ts';
import { completeRangedAttributes } from './ranged-attributes.ts';

/** A directory entry with its attributes as strings (binary GUIDs already formatted). */
export interface DirectoryEntry {
  readonly dn: string;
  readonly attributes: Readonly<Record<string, string[]>>;
}

/** One subtree search; `pageSize` null asks for everything in one response. */
export interface DirectorySearch {
  readonly base: string;
  readonly filter: string;
  readonly attributes: readonly string[];
  readonly pageSize: number | null;
}

/** An open, bound directory connection: the port the sync engine sees. */
export interface Directory {
  /** Streams the matching entries page by page (RFC 2696 paged results). */
  search(search: DirectorySearch): AsyncIterable<DirectoryEntry[]>;
  /** One entry by DN, or null when it does not exist. */
  read(dn: string, attributes: readonly string[]): Promise<DirectoryEntry | null>;
  close(): Promise<void>;
}

/** How to reach and bind to a directory. */
export interface DirectoryConnection {
  readonly url: string;
  readonly startTls: boolean;
  readonly caCertificate?: string | undefined;
  readonly tlsVerify: boolean;
  readonly bindDn?: string | undefined;
  readonly bindPassword?: string | null | undefined;
  readonly connectTimeoutMs: number;
  readonly operationTimeoutMs: number;
}

/** Opens a connection to the directory and binds; every failure is a DirectoryError. */
export async function connectDirectory(connection: DirectoryConnection): Promise<Directory> {
  const tlsOptions: ConnectionOptions = {
    rejectUnauthorized: connection.tlsVerify,
    ...(connection.caCertificate ? { ca: [connection.caCertificate] } : {}),
  };
  const secure = connection.url.toLowerCase().startsWith('ldaps:');
  const client = new Client({
    url: connection.url,
    ...(secure ? { tlsOptions } : {}),
    connectTimeout: connection.connectTimeoutMs,
    timeout: connection.operationTimeoutMs,
    strictDN: false,
  });
  try {
    if (connection.startTls) await client.startTLS(tlsOptions);
    if (connection.bindDn) await client.bind(connection.bindDn, connection.bindPassword ?? '');
  } catch (error) {
    await client.unbind().catch(() => {});
    throw toDirectoryError(error, `Binding to ${connection.url}${connection.bindDn ? ` as ${connection.bindDn}` : ''}`);
  }
  const read = async (dn: string, attributes: readonly string[]): Promise<DirectoryEntry | null> => {
    try {
      const { searchEntries } = await client.search(dn, {
        scope: 'base',
        filter: '(objectClass=*)',
        attributes: [...attributes],
        explicitBufferAttributes: BINARY,
      });
      return searchEntries[0] ? toDirectoryEntry(searchEntries[0]) : null;
    } catch (error) {
      if ((error as { code?: unknown }).code === 32) return null;
      throw toDirectoryError(error, `Reading ${dn}`);
    }
  };
  const readRange = async (dn: string, attribute: string) => (await read(dn, [attribute]))?.attributes ?? {};
  return {
    async *search(search) {
      const options = {
        scope: 'sub' as const,
        filter: search.filter,
        attributes: [...search.attributes],
        explicitBufferAttributes: BINARY,
      };
      const pages = search.pageSize
        ? client.searchPaginated(search.base, { ...options, paged: { pageSize: search.pageSize } })
        : once(() => client.search(search.base, options));
      const iterator = pages[Symbol.asyncIterator]();
      for (;;) {
        let next: IteratorResult<{ searchEntries: Entry[] }>;
        try {
          next = await iterator.next();
        } catch (error) {
          throw toDirectoryError(error, `Searching ${search.base}`);
        }
        if (next.done) return;
        const entries: DirectoryEntry[] = [];
        for (const entry of next.value.searchEntries) {
          const plain = toDirectoryEntry(entry);
          // Only Active Directory's large groups come back ranged: every other entry (all users)
          // is taken as it is, without a promise each.
          entries.push(
            hasRangedAttribute(plain.attributes)
              ? { dn: plain.dn, attributes: await completeRangedAttributes(plain.dn, plain.attributes, readRange) }
              : plain,
          );
        }
        yield entries;
      }
    },
    read,
    async close() {
      await client.unbind().catch(() => {});
    },
  };
}

/** Binary attributes read as bytes: AD's objectGUID. */
const BINARY = ['objectGUID'];

async function* once<T>(work: () => Promise<T>): AsyncGenerator<T> {
  yield await work();
}

/**
 * ldapts' entry as strings. Runs for every entry of every page, so it allocates only what it must:
 * a value array of strings is taken as it is, a single value is wrapped, and only arrays holding
 * bytes are mapped.
 */
function toDirectoryEntry(entry: Entry): DirectoryEntry {
  const attributes: Record<string, string[]> = {};
  for (const key in entry) {
    if (key === 'dn') continue;
    const value = entry[key]!;
    if (typeof value === 'string') attributes[key] = [value];
    else if (Buffer.isBuffer(value)) attributes[key] = [bytesToString(key, value)];
    else
      attributes[key] = value.some((item) => typeof item !== 'string')
        ? value.map((item) => (typeof item === 'string' ? item : bytesToString(key, item)))
        : (value as string[]);
  }
  return { dn: entry.dn, attributes };
}

/** Binary values: AD's objectGUID in its usual spelling, anything else base64. */
function bytesToString(key: string, bytes: Buffer): string {
  return key.toLowerCase() === 'objectguid' ? formatGuid(bytes) : bytes.toString('base64');
}

/** Whether an entry carries an attribute in ranges (`member;range=0-1499`, options follow a `;`). */
function hasRangedAttribute(attributes: Readonly<Record<string, string[]>>): boolean {
  for (const key in attributes) if (key.includes(';')) return true;
  return false;
}

/** AD's objectGUID bytes as the usual string (first three groups little-endian). */
export function formatGuid(bytes: Buffer): string {
  if (bytes.length !== 16) return bytes.toString('hex');
  const hex = (from: number, to: number, reverse: boolean) => {
    const slice = [...bytes.subarray(from, to)];
    return (reverse ? slice.reverse() : slice).map((b) => b.toString(16).padStart(2, '0')).join('');
  };
  return `${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10, false)}-${hex(10, 16, false)}`;
}
