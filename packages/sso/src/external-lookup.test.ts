import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { withExternalGroupsAndAttributes } from './external-lookup.ts';

const identity = { userId: 'ada@corp.com', attributes: { department: 'Math' }, groups: ['Admins'] };

describe('withExternalGroupsAndAttributes', () => {
  let server: Server | undefined;
  afterEach(async () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));
  const listen = async (handler: Parameters<typeof createServer>[1]) => {
    server = createServer(handler);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/lookup`;
  };

  it("adds the endpoint's groups and lets its attributes override, posting who logs in", async () => {
    let body = '';
    const url = await listen((req, res) => {
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () =>
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ groups: ['Auditors', 'Admins'], attributes: { department: 'Engines', clearance: ['a', 'b'] } })),
      );
    });
    const result = await withExternalGroupsAndAttributes({ url, timeoutMs: 3_000 }, 'okta', identity);
    expect(JSON.parse(body)).toEqual({ userId: 'ada@corp.com', iamId: 'okta' });
    expect(result).toEqual({
      error: null,
      identity: { userId: 'ada@corp.com', attributes: { department: 'Engines', clearance: ['a', 'b'] }, groups: ['Admins', 'Auditors'] },
    });
  });

  it('retries once on a connection the endpoint dropped, and reports a second drop', async () => {
    let calls = 0;
    const url = await listen((req, res) => {
      calls += 1;
      if (calls === 1 || calls >= 3) return req.socket.destroy();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"groups":["Auditors"]}');
    });
    expect((await withExternalGroupsAndAttributes({ url, timeoutMs: 3_000 }, 'okta', identity)).identity.groups).toEqual([
      'Admins',
      'Auditors',
    ]);
    const failed = await withExternalGroupsAndAttributes({ url, timeoutMs: 3_000 }, 'okta', identity);
    expect(failed).toMatchObject({ identity, error: expect.stringMatching(/fetch failed/) });
    expect(calls).toBe(4);
  });

  it("keeps the IdP's data and says why when the answer is slow or malformed", async () => {
    const slow = await listen((_req, res) => setTimeout(() => res.writeHead(200).end('{}'), 1_000));
    expect(await withExternalGroupsAndAttributes({ url: slow, timeoutMs: 200 }, 'okta', identity)).toEqual({
      identity,
      error: `${slow}: no answer within 200 ms`,
    });
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    const malformed = await listen((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"groups":"Admins"}'));
    expect(await withExternalGroupsAndAttributes({ url: malformed, timeoutMs: 1_000 }, 'okta', identity)).toEqual({
      identity,
      error: `${malformed}: "groups" is not a list of names`,
    });
  });
});
